#!/usr/bin/env bash
# Installs everything the tests need on a fresh Debian bookworm machine, then runs
# ruff, mypy --strict, the whole pytest suite and every benchmark in quick mode. This is the
# README's test command.
set -euo pipefail
cd "$(dirname "$0")/../.."

# Debian packages: a real browser and driver, a real terminal, and what builds and runs
# the local Kubernetes control plane (etcd + kube-apiserver + controller-manager).
need=()
for pkg in chromium chromium-driver fonts-nanum tmux golang-go golang-github-modern-go-reflect2-dev etcd-server rsync openssl dpkg-dev; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

# The optimizer extra (`kubeclass quiz optimize` and its tests) needs PyTorch: first the
# CPU build of torch 2.13.0 (this machine keeps its wheel in pip's find-links, /opt/wheels),
# so that the extra's `torch<=2.13.0` is already met and no CUDA build is downloaded.
# The zensical extra: the second site engine (`kubeclass site build --engine zensical`).
python3 -m pip install -q --disable-pip-version-check 'torch==2.13.0'
python3 -m pip install -q --disable-pip-version-check -e '.[test,optimizer,zensical]'

# The test control plane: built once per machine from Debian's kubernetes source, cached.
bash tools/controlplane/build.sh

python3 -m ruff check tools tests bench
python3 -m mypy
python3 -m pytest "$@"
# Every benchmark once at its smallest size: a crash or a wrong result fails, a missed
# target is only reported (no timing assertion on a shared machine).
python3 bench/all.py --quick
