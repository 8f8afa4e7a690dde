#!/usr/bin/env bash
# `make images`: the seven executables and jg in release mode, then one image per service, all from the local
# base (deploy/podman/base.sh) — no registry, nothing downloaded but Debian's packages for the base.
#
#   jianguan-base:bookworm      Debian 12 shared-library closure (libzmq5, libsqlite3-0, curl)   ~26 MB
#   jianguan-runtime:latest     + the Swift runtime libraries the binaries link, jg, demo data
#   jianguan-<service>:latest   + that one executable (gateway, catalog, planning, …)
#
# The binaries link the Swift runtime dynamically and the runtime layer carries its libraries once, shared by
# all seven images (a --static-swift-stdlib binary is ~80 MB each, mostly ICU data, which would put a service
# image with jg at ~190 MB).  Release objects go to .build-release (git-ignored); SKIP_SWIFT_BUILD=1 reuses them.
set -euo pipefail
cd "$(dirname "$0")/../.."
source deploy/podman/env.sh

SWIFT=${SWIFT:-swift}
SCRATCH=${JG_RELEASE_SCRATCH:-.build-release}
CONTEXT=.podman-cache/context
EXECUTABLES=(gateway catalog planning inspection credit referral warning jg)
SERVICES=(gateway catalog planning inspection credit referral warning)
TAG=${JG_IMAGE_TAG:-latest}

command -v podman >/dev/null || { echo "images.sh: podman is missing (apt-get install podman)" >&2; exit 1; }
started=$SECONDS

# --- the release binaries ---
if [ "${SKIP_SWIFT_BUILD:-0}" != 1 ]; then
    echo "images: swift build -c release (scratch path $SCRATCH)"
    mkdir -p .podman-cache
    for product in "${EXECUTABLES[@]}"; do
        if ! "$SWIFT" build -c release --scratch-path "$SCRATCH" --product "$product" >.podman-cache/swift-build.log 2>&1; then
            echo "images: swift build -c release --product $product failed; last lines of .podman-cache/swift-build.log:" >&2
            tail -n 30 .podman-cache/swift-build.log >&2
            exit 1
        fi
        echo "  $(tail -n 1 .podman-cache/swift-build.log)"
    done
fi
BIN=$("$SWIFT" build -c release --scratch-path "$SCRATCH" --show-bin-path)
built=$SECONDS

# --- the base ---
deploy/podman/base.sh

# --- the build context: stripped binaries, the Swift libraries they load, demo data ---
rm -rf "$CONTEXT"
mkdir -p "$CONTEXT/bin" "$CONTEXT/swift"
for exe in "${EXECUTABLES[@]}"; do
    [ -x "$BIN/$exe" ] || { echo "images: $BIN/$exe is missing" >&2; exit 1; }
    strip -o "$CONTEXT/bin/$exe" "$BIN/$exe"
done
# Every library the binaries resolve outside the system directories comes from the toolchain: copy those (and
# the Swift libraries they in turn load), nothing else.
swift_libraries=$(for exe in "${EXECUTABLES[@]}"; do ldd "$CONTEXT/bin/$exe"; done | awk '/=> \// { print $3 }' | grep -v -E '^/(usr/)?lib' | sort -u)
for library in $swift_libraries; do
    cp -L "$library" "$CONTEXT/swift/"
done
for library in "$CONTEXT"/swift/*.so; do
    missing=$(LD_LIBRARY_PATH="$CONTEXT/swift" ldd "$library" | awk '/=> \// { print $3 }' | grep -v -E '^/(usr/)?lib' | grep -v "^$CONTEXT" || true)
    for extra in $missing; do cp -L "$extra" "$CONTEXT/swift/"; done
done
strip --strip-unneeded "$CONTEXT"/swift/*.so 2>/dev/null || true
cp -r deploy/demo-data "$CONTEXT/demo-data"
echo "images: context ready: binaries $(du -sh "$CONTEXT/bin" | cut -f1), Swift runtime $(du -sh "$CONTEXT/swift" | cut -f1) ($(ls "$CONTEXT/swift" | wc -l) libraries)"

# --- the images (copies only: no RUN, no network) ---
podman build --quiet --format docker -f deploy/podman/Containerfile.runtime -t "jianguan-runtime:$TAG" "$CONTEXT" >/dev/null
for service in "${SERVICES[@]}"; do
    sed "s/@SERVICE@/$service/g" deploy/podman/Containerfile.service >"$CONTEXT/Containerfile.$service"
    podman build --quiet --format docker -f "$CONTEXT/Containerfile.$service" -t "jianguan-$service:$TAG" "$CONTEXT" >/dev/null
done
podman image prune -f >/dev/null    # the images a rebuild replaced, now untagged

echo "images: built in $((SECONDS - started)) s (swift build $((built - started)) s):"
podman image ls --format '{{.Repository}}:{{.Tag}}\t{{.Size}}' | grep -E '/jianguan-' | sort
