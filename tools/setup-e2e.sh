#!/usr/bin/env bash
# Installs what the end-to-end tier (npm run test:e2e) needs beyond `npm ci`, so that no test installs anything:
#   tmux                 the wizard in a real terminal (test/ui/wizard-e2e.test.ts)
#   Python with Jupyter  --execute (test/execute, test/sklearn/execute.test.ts, the corpus's unsaved values):
#                        numpy, nbconvert, ipykernel, scikit-learn, pandas, torch, onnx from Debian's archive
#   podman               the container test (test/container): podman, buildah, runc, netavark, aardvark-dns, and a
#                        Node base image made with debootstrap from Debian's archive (no registry is reachable;
#                        see test/container/container-test.sh)
# Idempotent: what is there is left alone (a second run takes a second or two). Installs only as root with apt-get;
# otherwise it lists what is missing and exits 0, and the tests that need it fail naming this script.
# NB2SVC_SKIP_CONTAINER_TEST=1: no podman, no base image (the container test is then skipped, and says so).
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf 'setup-e2e: %s\n' "$*" >&2; }

PYTHON=${NB2SVC_PYTHON:-/usr/bin/python3}
PY_MODULES="numpy nbconvert ipykernel sklearn pandas torch onnx"
PY_PACKAGES="python3-numpy jupyter-nbconvert python3-ipykernel python3-sklearn python3-pandas python3-torch python3-onnx"

packages=()
command -v tmux >/dev/null || packages+=(tmux)
if ! "$PYTHON" -c "import ${PY_MODULES// /, }" >/dev/null 2>&1; then
  # shellcheck disable=SC2206
  packages+=($PY_PACKAGES)
fi
if [[ ${NB2SVC_SKIP_CONTAINER_TEST:-} != 1 ]]; then
  for tool in podman buildah runc debootstrap curl; do
    command -v "$tool" >/dev/null || { packages+=(podman buildah runc netavark aardvark-dns debootstrap curl ca-certificates); break; }
  done
fi

if ((${#packages[@]})); then
  if [[ $(id -u) != 0 ]] || ! command -v apt-get >/dev/null; then
    log "missing: ${packages[*]} (Debian packages); run this script as root with apt-get, or install them yourself"
    exit 0
  fi
  log "installing ${packages[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi

if [[ ${NB2SVC_SKIP_CONTAINER_TEST:-} != 1 ]] && command -v podman >/dev/null; then
  bash test/container/container-test.sh --setup
fi
log "ready"
