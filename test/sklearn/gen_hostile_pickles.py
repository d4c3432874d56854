#!/usr/bin/python3
"""Generate test/sklearn/fixtures/hostile/: pickles and joblib files that try to run code, exhaust memory or the
stack, or are simply broken, with what the reader must say about each (hostile.json).

Run with Debian's Python:  /usr/bin/python3 test/sklearn/gen_hostile_pickles.py

The code-running payloads are checked to be live: each is loaded once by Python's own pickle in a child process,
which must create its marker file (so the reader's refusal is what keeps it from running, not a broken payload).
hostile.json: [{file, kind: refused|invalid|limit|unsupported|layout|function, message: a substring, marker?: path}]
(layout: read, then refused by the scikit-learn version; function: read, then refused by the analysis because it
holds a notebook function the runtime cannot rebuild.)
"""
import bz2
import io
import json
import os
import pickle
import struct
import subprocess
import sys
import zlib

import joblib

if os.environ.get("PYTHONHASHSEED") != "0":
    # sets pickle in hash order: a fixed seed makes the fixtures the same on every run
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable] + sys.argv)
import numpy as np
from sklearn.preprocessing import FunctionTransformer, StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "fixtures", "hostile")
os.makedirs(OUT, exist_ok=True)
CASES = []


def marker(name):
    return f"/tmp/nb2svc-hostile-{name}"


def add(name, data, kind, message, marker_path=None, live=False):
    path = os.path.join(OUT, name)
    with open(path, "wb") as f:
        f.write(data)
    entry = {"file": name, "kind": kind, "message": message}
    if marker_path:
        entry["marker"] = marker_path
    if live:
        # prove the payload runs under Python's own unpickler (in a child process), then clean up
        if os.path.exists(marker_path):
            os.remove(marker_path)
        subprocess.run([sys.executable, "-c", f"import pickle; pickle.loads(open({path!r}, 'rb').read())"], capture_output=True)
        if not os.path.exists(marker_path):
            raise SystemExit(f"payload {name} did not run under Python's pickle: fix the generator")
        os.remove(marker_path)
    CASES.append(entry)


def s(x):
    """SHORT_BINUNICODE"""
    b = x.encode()
    return b"\x8c" + bytes([len(b)]) + b


def proto(n, body):
    return b"\x80" + bytes([n]) + body + b"."


# ---- code that Python's pickle would run --------------------------------------------------------------------

cmd = lambda name: f"touch {marker(name)}"
# protocol 0: GLOBAL os.system, REDUCE
add("os_system_p0.pkl", f"cos\nsystem\n(V{cmd('p0')}\ntR.".encode(), "refused", "`os.system`", marker("p0"), live=True)
# protocol 2: GLOBAL posix.system (what os.system pickles as on Linux)
add("posix_system_p2.pkl", proto(2, b"cposix\nsystem\n" + b"X" + struct.pack("<I", len(cmd("p2"))) + cmd("p2").encode() + b"\x85R"), "refused", "`posix.system`", marker("p2"), live=True)
# protocol 4: STACK_GLOBAL built from memoized strings
add("stack_global_p4.pkl", proto(4, s("os") + b"\x94" + s("system") + b"\x94\x93" + s(cmd("p4")) + b"\x85R"), "refused", "`os.system`", marker("p4"), live=True)
# builtins.eval / exec / __import__ / getattr
add("eval.pkl", proto(2, b"cbuiltins\neval\n" + b"X" + struct.pack("<I", 38) + f"__import__('os').system('{cmd('eval')}')"[:38].encode() + b"\x85R"), "refused", "`builtins.eval`")
add("exec_py2_names.pkl", proto(2, b"c__builtin__\nexec\n" + s("import os") + b"\x85R"), "refused", "`__builtin__.exec`")
add("getattr_import.pkl", proto(4, s("builtins") + s("getattr") + b"\x93" + s("builtins") + s("__import__") + b"\x93" + s("os") + b"\x85R" + s("system") + b"\x86R" + s(cmd("ga")) + b"\x85R"), "refused", "`builtins.getattr`")
add("subprocess_popen.pkl", proto(2, b"csubprocess\nPopen\n" + b"]" + s("touch") + b"a" + s(marker("popen")) + b"a\x85R"), "refused", "`subprocess.Popen`")
# INST and OBJ (protocol 0/1 class calls)
add("inst_os_system.pkl", f"(V{cmd('inst')}\nios\nsystem\n.".encode(), "refused", "`os.system`", marker("inst"), live=True)
add("obj_os_system.pkl", b"(cos\nsystem\n" + b"V" + cmd("obj").encode() + b"\no.", "refused", "`os.system`", marker("obj"), live=True)
# a real scaler whose state hides a payload
scaler = StandardScaler().fit(np.arange(6.0).reshape(3, 2))
good = pickle.dumps(scaler, protocol=2)
payload = b"cos\nsystem\nX" + struct.pack("<I", len(cmd("nested"))) + cmd("nested").encode() + b"\x85R"
nested = good.replace(b"X\x04\x00\x00\x00copyq\x05\x88", b"X\x04\x00\x00\x00copyq\x05" + payload, 1)
assert nested != good
add("scaler_with_payload.pkl", nested, "refused", "`os.system`", marker("nested"), live=True)
# a model the reader keeps by name only (src/pickle/unrebuilt.ts) still has every global in its state checked
from sklearn.tree import DecisionTreeClassifier

tree = DecisionTreeClassifier(max_depth=1).fit(np.arange(6.0).reshape(3, 2), [0, 1, 1])
good_tree = pickle.dumps(tree, protocol=2)
payload_tree = b"cos\nsystem\nX" + struct.pack("<I", len(cmd("tree"))) + cmd("tree").encode() + b"\x85R"
nested_tree = good_tree.replace(b"X\x04\x00\x00\x00gini", payload_tree, 1)
assert nested_tree != good_tree
add("tree_with_payload.pkl", nested_tree, "refused", "`os.system`", marker("tree"), live=True)
# allowed globals used the wrong way: calling a scikit-learn class, reconstructing a disallowed class, arrays of other classes
add("reduce_sklearn_class.pkl", proto(2, b"csklearn.preprocessing._data\nStandardScaler\n)R"), "refused", "calls `sklearn.preprocessing._data.StandardScaler`")
add("reconstructor_other_class.pkl", proto(2, b"ccopyreg\n_reconstructor\n" + b"cos\n_wrap_close\n"), "refused", "`os._wrap_close`")
add("reconstructor_wrong_base.pkl", proto(2, b"ccopyreg\n_reconstructor\n" + b"csklearn.preprocessing._data\nStandardScaler\n" + b"cbuiltins\nobject\n" + b"K\x01\x87R"), "refused", "`copyreg._reconstructor`")
add("reconstruct_matrix.pkl", proto(2, b"cnumpy.core.multiarray\n_reconstruct\n" + b"cnumpy\nmatrix\n"), "refused", "`numpy.matrix`")
add("newobj_disallowed.pkl", proto(2, b"ccollections\nCounter\n)\x81"), "refused", "`collections.Counter`")
add("newobj_with_args.pkl", proto(2, b"csklearn.preprocessing._data\nStandardScaler\n" + s("x") + b"\x85\x81"), "refused", "with constructor arguments")
add("codecs_other_encoding.pkl", proto(2, b"c_codecs\nencode\n" + s("x") + s("rot13") + b"\x86R"), "refused", "`_codecs.encode`")
add("notebook_function_called.pkl", proto(2, b"c__main__\nhelper\n)R"), "refused", "`__main__.helper`")
add("ufunc_unknown.pkl", proto(2, b"cnumpy.core\n_ufunc_reconstruct\n" + s("numpy") + s("frompyfunc") + b"\x86R"), "refused", "numpy.frompyfunc")
add("persid.pkl", proto(2, b"Pwhatever\n."[:-1]), "refused", "persistent IDs")
add("ext1.pkl", proto(2, b"\x82\x01"), "refused", "extension registry")

# ---- memory and stack exhaustion ------------------------------------------------------------------------------

# billion laughs: each level a list holding the previous level twice, through the memo (2**40 leaves)
laughs = b"]" + s("lol") + b"a" + b"\x94"
for i in range(40):
    laughs += b"0]h" + bytes([i]) + b"ah" + bytes([i]) + b"a\x94"
add("billion_laughs.pkl", proto(4, laughs), "limit", "expands to more values")
# nesting 100,000 lists deep
depth = 100_000
add("deep_nesting.pkl", proto(2, b"]" * depth + b"a" * (depth - 1)), "limit", "deeper than")
# a list that contains itself
add("self_reference.pkl", proto(2, b"]q\x00h\x00a"), "unsupported", "contains itself")
# lengths that claim gigabytes in a tiny file
add("huge_string_length.pkl", proto(2, b"X" + struct.pack("<I", 0xFFFFFFF0) + b"abc"), "invalid", "ends inside")
add("huge_bytes8_length.pkl", proto(4, b"\x8e" + struct.pack("<Q", 1 << 40) + b"abc"), "invalid", "ends inside")
add("impossible_bytes8_length.pkl", proto(4, b"\x8e" + struct.pack("<Q", 1 << 62) + b"abc"), "invalid", "larger than any file")
add("huge_long4.pkl", proto(2, b"\x8b" + struct.pack("<i", 0x7FFFFFFF) + b"\x01"), "unsupported", "bytes at offset")
add("huge_frame.pkl", proto(4, b"\x95" + struct.pack("<Q", 1 << 63) + b"N"), "invalid", "larger than any file")
# an array whose shape claims far more than its bytes
def array_claiming(dim):
    state = b"(K\x01" + b"J" + struct.pack("<i", dim) + b"J" + struct.pack("<i", dim) + b"\x86" + b"cnumpy\ndtype\n" + s("f8") + b"\x89\x88\x87R(K\x03" + s("<") + b"NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00tb" + b"\x89" + b"C\x08" + b"\x00" * 8 + b"tb"
    return proto(2, b"cnumpy.core.multiarray\n_reconstruct\ncnumpy\nndarray\nK\x00\x85C\x01b\x87R" + state)


add("array_shape_lies.pkl", array_claiming(100_000), "invalid", "needs 80000000000 bytes, the pickle holds 8")
add("array_shape_overflows.pkl", array_claiming(0x7FFFFFFF), "invalid", "is too large")
# joblib: a wrapper claiming a huge array at the end of the file
buf = io.BytesIO()
joblib.dump(np.zeros(4), buf)
jb = buf.getvalue()
add("joblib_huge_array.joblib", jb.replace(b"K\x04\x85", b"J\xff\xff\xff\x0f\x85", 1), "invalid", "ends inside")
# a zlib bomb: 64 MiB of zeros in a few KB (the test reads it with a 16 MiB limit)
bomb = zlib.compress(b"\x80\x04" + b"N" * (64 << 20), 9)
add("zlib_bomb.joblib", bomb, "limit", "expands to more than")

# ---- broken and unsupported files -----------------------------------------------------------------------------

buf = io.BytesIO()
joblib.dump(scaler, buf)
full = buf.getvalue()
add("truncated.joblib", full[: len(full) // 2], "invalid", "ends inside")
add("truncated_zlib.joblib", zlib.compress(full)[:40], "invalid", "corrupt or truncated")
add("garbage.bin", bytes(range(256))[::7] * 3, "invalid", "not a pickle or joblib file")
add("garbage_after_proto.pkl", b"\x80\x04" + bytes(range(256))[::7] * 3, "invalid", "is not a pickle opcode")
add("empty.pkl", b"", "invalid", "empty")
add("text_file.pkl", b"hello, this is not a pickle\n", "invalid", "not a pickle or joblib file")
buf = io.BytesIO()
np.save(buf, np.zeros(3))
add("npy_file.pkl", buf.getvalue(), "invalid", "a numpy .npy file")
add("stop_empty_stack.pkl", proto(2, b""), "invalid", "finds the stack empty")
add("bz2.joblib", bz2.compress(full), "unsupported", "bz2")
add("protocol_6.pkl", b"\x80\x06N.", "unsupported", "protocol 6")
add("next_buffer.pkl", proto(5, b"\x97"), "unsupported", "out-of-band")
add("complex.pkl", pickle.dumps(1 + 2j, protocol=2), "refused", "`__builtin__.complex`")
add("bad_utf8.pkl", proto(4, b"\x8c\x02\xff\xfe"), "invalid", "not valid UTF-8")

# ---- data the reader reads but the runtime cannot rebuild -------------------------------------------------------


def log_plus_one(x):
    return np.log1p(x) + 1


log_plus_one.__module__ = "__main__"
import __main__

__main__.log_plus_one = log_plus_one
add("function_transformer_notebook_function.pkl", pickle.dumps(FunctionTransformer(log_plus_one).fit(np.ones((2, 2))), protocol=4), "function", "log_plus_one")

# ---- scikit-learn releases whose layout is not read -------------------------------------------------------------

old = pickle.dumps(scaler, protocol=4).replace(b"\x8c\x051.2.1", b"\x8c\x060.24.2", 1)
assert old != pickle.dumps(scaler, protocol=4)
add("sklearn_0_24.pkl", old, "layout", "scikit-learn 0.24.2")
new = pickle.dumps(scaler, protocol=4).replace(b"\x8c\x051.2.1", b"\x8c\x051.6.0", 1)
add("sklearn_1_6.pkl", new, "layout", "scikit-learn 1.6.0")

with open(os.path.join(OUT, "hostile.json"), "w") as f:
    json.dump(CASES, f, indent=1)
    f.write("\n")
print(f"wrote {len(CASES)} hostile files to {OUT}", file=sys.stderr)
