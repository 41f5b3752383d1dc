#!/usr/bin/env bash
# Builds kube-apiserver and kube-controller-manager from Debian bookworm's `kubernetes`
# source package (1.20.x, full tree with vendored Go modules) so the test suite can run a
# real control plane without Docker. Cached per machine; a second run exits at once.
#
#   bash tools/controlplane/build.sh          # build when missing, print the bin dir
#   KUBECLASS_CONTROLPLANE_DIR=/path ...      # cache somewhere else
#
# Needs: golang-go, golang-github-modern-go-reflect2-dev, dpkg-dev (dpkg-source), rsync,
# and apt access to deb.debian.org.
set -euo pipefail

CACHE="${KUBECLASS_CONTROLPLANE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kubeclass/controlplane}"
BIN="$CACHE/bin"
WANT=(kube-apiserver kube-controller-manager)
# Bump when the recipe changes, so cached binaries of an older recipe are rebuilt.
# 2: vendored reflect2 1.0.2 (binaries of recipe 1 crash on custom resources).
RECIPE=2
REFLECT2=/usr/share/gocode/src/github.com/modern-go/reflect2

have_all() {
  local b
  for b in "${WANT[@]}"; do [ -x "$BIN/$b" ] || return 1; done
  [ "$(cat "$BIN/RECIPE" 2>/dev/null)" = "$RECIPE" ]
}

if have_all; then
  echo "$BIN"
  exit 0
fi

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"

# 1. Source URIs for bookworm. Written as its own file so the machine's sources stay as they are.
SRC_LIST=/etc/apt/sources.list.d/kubeclass-src.sources
if ! apt-cache showsrc kubernetes >/dev/null 2>&1; then
  echo "build.sh: enabling deb-src for bookworm in $SRC_LIST" >&2
  $SUDO tee "$SRC_LIST" >/dev/null <<'EOF'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  $SUDO apt-get update -qq
fi

for tool in go dpkg-source rsync; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "build.sh: '$tool' is missing; install: apt-get install golang-go dpkg-dev rsync" >&2
    exit 1
  fi
done
if [ ! -f "$REFLECT2/go_above_118.go" ]; then
  echo "build.sh: $REFLECT2 (1.0.2) is missing;" \
       "install: apt-get install golang-github-modern-go-reflect2-dev" >&2
  exit 1
fi

# 2. Download (not build-deps, not the binary packages) and unpack into the cache.
SRCDIR="$CACHE/src"
mkdir -p "$SRCDIR" "$BIN"
cd "$SRCDIR"
if ! ls -d kubernetes-*/ >/dev/null 2>&1; then
  if ! ls kubernetes_*.dsc >/dev/null 2>&1; then
    apt-get source --download-only kubernetes
  fi
  dsc=$(ls kubernetes_*.dsc | head -n1)
  dpkg-source --no-check -x "$dsc"
fi
TREE="$(cd "$(ls -d kubernetes-*/ | head -n1)" && pwd)"
cd "$TREE"

# The tree vendors reflect2 1.0.1, which reads Go's map iterator with the layout of Go
# 1.17 and older: built with bookworm's Go 1.19, kube-apiserver dies ("fatal error:
# fault" in mapiternext) the first time it writes out a custom resource. 1.0.2 is the
# upstream fix (json-iterator's API is unchanged); Debian packages it.
rsync -a --delete --exclude '*_test.go' "$REFLECT2/" vendor/github.com/modern-go/reflect2/

# 3. GOPATH layout the 1.20 build scripts expect: k8s.io/kubernetes resolves to this tree.
mkdir -p .go/src/k8s.io
ln -sfn ../../.. .go/src/k8s.io/kubernetes
export GOPATH="$TREE/.go"
export CGO_ENABLED=0
# Kubernetes 1.20 builds in GOPATH mode from vendor/ (hack/lib/golang.sh sets
# GO111MODULE=off itself); clear anything in the environment that would fight that.
unset GOFLAGS GO111MODULE
export GOCACHE="$CACHE/gocache"
export GOTOOLCHAIN=local
# The tree is not a git checkout: give the version script fixed values instead of git.
export KUBE_GIT_VERSION="${KUBE_GIT_VERSION:-v1.20.2}"
export KUBE_GIT_TREE_STATE=clean
export KUBE_GIT_COMMIT="${KUBE_GIT_COMMIT:-0000000000000000000000000000000000000000}"

cd .go/src/k8s.io/kubernetes
echo "build.sh: building ${WANT[*]} with $(go version) (about 10 minutes on 2 cores)" >&2
make WHAT="cmd/kube-apiserver cmd/kube-controller-manager"

OUT="_output/local/bin/$(go env GOOS)/$(go env GOARCH)"
for b in "${WANT[@]}"; do
  install -m 0755 "$OUT/$b" "$BIN/$b.tmp"
  mv -f "$BIN/$b.tmp" "$BIN/$b"
done
echo "$RECIPE" > "$BIN/RECIPE"
# The unpacked tree and Go's build cache take about 2 GB; the downloaded source (35 MB)
# stays, so a rebuild needs no network. KUBECLASS_KEEP_BUILD_TREE=1 keeps everything.
if [ "${KUBECLASS_KEEP_BUILD_TREE:-0}" != "1" ]; then
  cd "$CACHE"
  chmod -R u+w "$TREE" "$GOCACHE" 2>/dev/null || true
  rm -rf "$TREE" "$GOCACHE"
fi
echo "$BIN"
