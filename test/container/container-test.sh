#!/usr/bin/env bash
# Builds a generated service's container image with podman, runs it as Kubernetes would (non-root user, read-only
# root file system), sends it the notebook's examples, checks the answers, stops it with SIGTERM and expects exit
# code 0. Prints one JSON line (`container-test: {...}`) with the image's size and what it adds to its base.
#
#   bash test/container/container-test.sh SERVICE_DIR
#   bash test/container/container-test.sh --setup      (what tools/setup-e2e.sh runs)
#
# It installs nothing: tools/setup-e2e.sh installs podman, buildah, runc, netavark, aardvark-dns and debootstrap, then
# runs --setup, which makes the Node base image (no container registry is reachable): a minimal Debian bookworm from
# Debian's archive plus this machine's node and npm (see ../shared/containers.md). Everything podman keeps lives in
# $NB2SVC_CONTAINER_WORK (default: $TMPDIR/nb2svc-containers) and is reused by later runs. Exit code 3: something
# tools/setup-e2e.sh makes is missing.
set -euo pipefail

SETUP=0
if [[ ${1:-} == --setup ]]; then SETUP=1; else SERVICE_DIR=$(cd "${1:?usage: container-test.sh SERVICE_DIR | --setup}" && pwd); fi
W=${NB2SVC_CONTAINER_WORK:-${TMPDIR:-/tmp}/nb2svc-containers}
NODE_BIN=$(readlink -f "$(command -v node)")
NODE_MAJOR=$(node -p 'process.versions.node.split(".")[0]')
BASE=localhost/nb2svc-node-base:$(node -p process.versions.node)
started=$(date +%s)
log() { printf 'container-test: %s\n' "$*" >&2; }

# ---- tools (tools/setup-e2e.sh installs them) ----------------------------------------------------------------------
need=()
for tool in podman buildah runc debootstrap curl; do command -v "$tool" >/dev/null || need+=("$tool"); done
((${#need[@]} == 0)) || { log "missing ${need[*]}: run tools/setup-e2e.sh (as root; it installs them with apt-get)"; exit 3; }

# ---- podman configuration: runc (crun refuses this kernel's hybrid cgroups), limits the machine allows, no systemd
mkdir -p "$W"
cat >"$W/containers.conf" <<'EOF'
[containers]
default_ulimits = ["nofile=16384:16384", "nproc=16384:16384"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
EOF
printf '[storage]\ndriver = "overlay"\ngraphroot = "%s/storage"\nrunroot = "%s/runroot"\n' "$W" "$W" >"$W/storage.conf"
export CONTAINERS_CONF=$W/containers.conf CONTAINERS_STORAGE_CONF=$W/storage.conf

# ---- the base image: Debian bookworm (minbase) + this machine's node and npm ---------------------------------------
if ! podman image exists "$BASE"; then
  ((SETUP)) || { log "no base image $BASE in $W: run tools/setup-e2e.sh (it makes it once, in about a minute)"; exit 3; }
  if [[ ! -f $W/node-base.tar ]]; then
    log "making the base image $BASE (debootstrap, about a minute)"
    MIRROR=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
    R=$W/rootfs
    rm -rf "$R"
    debootstrap --variant=minbase bookworm "$R" "${MIRROR:-http://deb.debian.org/debian}" >"$W/debootstrap.log" 2>&1 ||
      { tail -20 "$W/debootstrap.log" >&2; exit 1; }
    cp -a "$NODE_BIN" "$R/usr/local/bin/node"
    mkdir -p "$R/usr/local/lib/node_modules" "$R/etc/ssl/certs"
    cp -a "$(dirname "$NODE_BIN")/../lib/node_modules/npm" "$R/usr/local/lib/node_modules/"
    ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$R/usr/local/bin/npm"
    cp -L /etc/ssl/certs/ca-certificates.crt "$R/etc/ssl/certs/"
    rm -rf "$R"/var/cache/apt/archives/*.deb "$R"/var/lib/apt/lists/*
    tar -C "$R" --numeric-owner -cf "$W/node-base.tar.part" . && mv "$W/node-base.tar.part" "$W/node-base.tar"
    rm -rf "$R"
  fi
  podman import --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' --change 'CMD ["node"]' \
    "$W/node-base.tar" "$BASE" >"$W/import.log" 2>&1 || { cat "$W/import.log" >&2; exit 1; }
fi
[[ $NODE_MAJOR == 20 ]] || log "note: the base image carries node $NODE_MAJOR (this machine's), the Dockerfile's default is Node 20"
((SETUP == 0)) || { log "base image $BASE ready"; exit 0; }

NAME=$(node -p "require('$SERVICE_DIR/package.json').name")
IMAGE=localhost/nb2svc-test-$NAME:latest
# a free loopback port (the container shares the host's network)
PORT=${NB2SVC_CONTAINER_PORT:-$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")}

# ---- build: the service's own Dockerfile, on the host's network (no bridge, so no iptables needed); npm's cache is
# lent to the build so that packages npm already fetched on
# this machine are not downloaded again (the Dockerfile does not know about it)
mkdir -p "${HOME:-/root}/.npm"
log "building $IMAGE from $SERVICE_DIR"
build_started=$(date +%s)
podman build --network host --format docker --build-arg "BASE_IMAGE=$BASE" -v "${HOME:-/root}/.npm:/root/.npm" -t "$IMAGE" "$SERVICE_DIR" >"$W/build.log" 2>&1 ||
  { tail -40 "$W/build.log" >&2; exit 1; }
build_seconds=$(($(date +%s) - build_started))
image_bytes=$(podman image inspect --format '{{.Size}}' "$IMAGE")
base_bytes=$(podman image inspect --format '{{.Size}}' "$BASE")
podman image prune -f >/dev/null 2>&1 || true

# ---- run it as Kubernetes would: its own user, read-only root file system, a small writable /tmp (health checks run
# on demand below: podman schedules them with systemd timers, and there is no systemd here)
cid=""
cleanup() { [[ -n $cid ]] && podman rm -f "$cid" >/dev/null 2>&1 || true; }
# podman complains on stderr that it cannot schedule health checks with systemd: kept in run.log, not shown
trap cleanup EXIT
cid=$(podman run -d --network host --health-interval=disable --read-only --tmpfs /tmp:rw,size=16m -e "PORT=$PORT" -e HOST=127.0.0.1 "$IMAGE" 2>"$W/run.log") || { cat "$W/run.log" >&2; exit 1; }
url=http://127.0.0.1:$PORT
for _ in $(seq 1 300); do
  curl -fsS "$url/readyz" >/dev/null 2>&1 && break
  podman inspect --format '{{.State.Running}}' "$cid" | grep -q true || { podman logs "$cid" >&2; exit 1; }
  sleep 0.1
done
curl -fsS "$url/readyz" >/dev/null || { podman logs "$cid" >&2; exit 1; }
uid=$(podman exec "$cid" node -p 'process.getuid()')
[[ $uid != 0 ]] || { log "the service runs as root"; exit 1; }
healthy=$(podman healthcheck run "$cid" >/dev/null 2>&1 && echo true || echo false)
# whether the app was compiled from the code cache the image's build made with the image's own Node ("used")
code_cache=$(podman logs "$cid" 2>/dev/null | grep -o '"codeCache":"[a-z]*"' | head -1 | cut -d'"' -f4)

# the notebook's examples, compared with its answers within the service's tolerance
node --input-type=module - "$SERVICE_DIR/src/generated/goldens.json" "$url" <<'EOF'
import { readFileSync } from "node:fs";
const [file, url] = process.argv.slice(2);
const { tolerance, goldens } = JSON.parse(readFileSync(file, "utf8"));
const close = (a, e) =>
  typeof e === "number" ? typeof a === "number" && Math.abs(a - e) <= tolerance.atol + tolerance.rtol * Math.abs(e)
  : Array.isArray(e) ? Array.isArray(a) && a.length === e.length && e.every((x, i) => close(a[i], x))
  : e && typeof e === "object" ? a && typeof a === "object" && Object.keys(a).length === Object.keys(e).length && Object.keys(e).every((k) => close(a[k], e[k]))
  : a === e;
for (const g of goldens) {
  const res = await fetch(url + "/predict", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(g.request) });
  const body = await res.json();
  if (res.status !== 200 || !close(body, g.expected)) {
    console.error(`container-test: ${g.name}: got ${res.status} ${JSON.stringify(body)}, the notebook answered ${JSON.stringify(g.expected)}`);
    process.exit(1);
  }
}
console.error(`container-test: ${goldens.length} examples answered as in the notebook`);
EOF

# SIGTERM (podman stop), then the exit code: the service drains and exits 0
podman stop -t 20 "$cid" >/dev/null 2>>"$W/run.log"
exit_code=$(podman inspect --format '{{.State.ExitCode}}' "$cid")
[[ $exit_code == 0 ]] || { podman logs "$cid" | tail -5 >&2; log "exit code $exit_code after SIGTERM"; exit 1; }

printf 'container-test: {"image":"%s","imageBytes":%s,"baseBytes":%s,"addedBytes":%s,"uid":%s,"healthcheck":%s,"codeCache":"%s","exitCode":%s,"buildSeconds":%s,"seconds":%s}\n' \
  "$IMAGE" "$image_bytes" "$base_bytes" "$((image_bytes - base_bytes))" "$uid" "$healthy" "$code_cache" "$exit_code" "$build_seconds" "$(($(date +%s) - started))"
