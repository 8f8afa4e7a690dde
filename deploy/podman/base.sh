#!/usr/bin/env bash
# Builds the local base image `jianguan-base:bookworm` without any image registry (DESIGN §6, issue #11).
#
# 1. debootstrap a minimal Debian 12 root (minbase + libzmq5, libsqlite3-0, curl, ca-certificates) from Debian's
#    packages into .podman-cache/rootfs-bookworm (git-ignored, kept: a rerun skips this step).
# 2. From that root, assemble a small runtime root: the dynamic loader, the shared-library closure of libzmq,
#    libsqlite3, libstdc++ (what the Swift binaries and the Swift runtime load) and of curl (the gateway's health
#    check), /bin/sh and cat (for `podman exec` by hand), CA certificates, passwd/group with the service user
#    (uid 10001, as in deploy/Dockerfile), /data owned by it, /tmp.  A full minbase is ~93 MB; this is ~25 MB,
#    which is what keeps each service image under 150 MB.
# 3. `podman import` it, unless the image already holds exactly this root (a content hash in a label).
set -euo pipefail
cd "$(dirname "$0")/../.."
source deploy/podman/env.sh

SUITE=${JG_BASE_SUITE:-bookworm}
MIRROR=${JG_BASE_MIRROR:-http://deb.debian.org/debian}
IMAGE=${JG_BASE_IMAGE:-jianguan-base:bookworm}
CACHE=.podman-cache
FULL=$CACHE/rootfs-$SUITE
STAMP=$CACHE/rootfs-$SUITE.done
SLIM=$CACHE/base-root
PACKAGES=libzmq5,libsqlite3-0,curl,ca-certificates

[ "$(id -u)" = 0 ] || { echo "base.sh: run as root (debootstrap, chroot and rootful podman)" >&2; exit 1; }
mkdir -p "$CACHE"

# --- 1. the debootstrap root (cached) ---
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$SUITE $PACKAGES" ]; then
    command -v debootstrap >/dev/null || { echo "base.sh: debootstrap is missing (apt-get install debootstrap)" >&2; exit 1; }
    echo "base: debootstrap $SUITE (minbase + $PACKAGES) into $FULL"
    rm -rf "$FULL" "$STAMP"
    started=$SECONDS
    debootstrap --variant=minbase --include="$PACKAGES" "$SUITE" "$FULL" "$MIRROR" >"$CACHE/debootstrap.log" 2>&1 || {
        echo "base: debootstrap failed; last lines of $CACHE/debootstrap.log:" >&2
        tail -n 20 "$CACHE/debootstrap.log" >&2
        exit 1
    }
    echo "$SUITE $PACKAGES" >"$STAMP"
    echo "base: debootstrap root ready in $((SECONDS - started)) s ($(du -sh "$FULL" | cut -f1))"
else
    echo "base: reusing the debootstrap root $FULL"
fi

# --- 2. the runtime root ---
rm -rf "$SLIM"
mkdir -p "$SLIM"/{usr/bin,usr/lib/x86_64-linux-gnu,usr/lib64,etc/ssl/certs,data,tmp,opt/jianguan}
ln -s usr/bin "$SLIM/bin"
ln -s usr/lib "$SLIM/lib"
ln -s usr/lib64 "$SLIM/lib64"
ln -s usr/bin "$SLIM/sbin"
chmod 1777 "$SLIM/tmp"
chown 10001:10001 "$SLIM/data"

# copy PATH (inside the root, through symlinks) keeping symlinks as symlinks, then what they point to
copy_in() {
    local path=$1 dir
    dir=$(dirname "$path")
    dir=$(cd "$FULL$dir" && pwd -P)          # /lib/x86_64-linux-gnu -> <root>/usr/lib/x86_64-linux-gnu
    dir=${dir#"$(cd "$FULL" && pwd -P)"}
    local name
    name=$(basename "$path")
    [ -e "$SLIM$dir/$name" ] || { mkdir -p "$SLIM$dir"; cp -a "$FULL$dir/$name" "$SLIM$dir/$name"; }
    if [ -L "$FULL$dir/$name" ]; then
        local target
        target=$(readlink "$FULL$dir/$name")
        case $target in /*) copy_in "$target" ;; *) copy_in "$dir/$target" ;; esac
    fi
}

programs=(/usr/bin/curl /usr/bin/dash /usr/bin/cat)
libraries=(/usr/lib/x86_64-linux-gnu/libzmq.so.5 /usr/lib/x86_64-linux-gnu/libsqlite3.so.0
    /usr/lib/x86_64-linux-gnu/libstdc++.so.6 /usr/lib/x86_64-linux-gnu/libgcc_s.so.1
    /usr/lib/x86_64-linux-gnu/libm.so.6 /usr/lib/x86_64-linux-gnu/libutil.so.1 /usr/lib/x86_64-linux-gnu/libdl.so.2
    /usr/lib/x86_64-linux-gnu/libpthread.so.0 /usr/lib/x86_64-linux-gnu/librt.so.1)
closure=$(for file in "${programs[@]}" "${libraries[@]}"; do
    echo "$file"
    chroot "$FULL" /usr/bin/ldd "$file" | awk '/=> \// { print $3 } /^\t\/lib64/ { print $1 }'
done | sort -u)
for file in $closure; do copy_in "$file"; done
ln -s dash "$SLIM/usr/bin/sh"

# the files a process expects in /etc (podman and Docker mount hosts, hostname and resolv.conf themselves)
for file in etc/nsswitch.conf etc/host.conf etc/ssl/certs/ca-certificates.crt etc/ld.so.conf; do
    [ -e "$FULL/$file" ] && cp -L "$FULL/$file" "$SLIM/$file"
done
grep -E '^(root|nobody):' "$FULL/etc/passwd" >"$SLIM/etc/passwd"
grep -E '^(root|nogroup):' "$FULL/etc/group" >"$SLIM/etc/group"
echo 'jianguan:x:10001:10001:Jianguan:/data:/usr/sbin/nologin' >>"$SLIM/etc/passwd"
echo 'jianguan:x:10001:' >>"$SLIM/etc/group"
ldconfig -r "$SLIM" 2>/dev/null || true                  # ld.so.cache for the root's own library directories
chroot "$SLIM" /usr/bin/curl --version >/dev/null || { echo "base: curl does not run in $SLIM (a library is missing)" >&2; exit 1; }

# --- 3. import ---
digest=$(tar --sort=name --mtime=@0 --numeric-owner -C "$SLIM" -cf - . | sha256sum | cut -c1-16)
if podman image exists "$IMAGE" && [ "$(podman image inspect --format '{{index .Labels "jianguan.base"}}' "$IMAGE")" = "$digest" ]; then
    echo "base: $IMAGE is up to date ($(du -sh "$SLIM" | cut -f1) root)"
    exit 0
fi
echo "base: importing $SLIM ($(du -sh "$SLIM" | cut -f1)) as $IMAGE"
tar --sort=name --mtime=@0 --numeric-owner -C "$SLIM" -cf - . | podman import --quiet \
    --change 'ENV PATH=/usr/local/bin:/usr/bin' \
    --change "LABEL jianguan.base=$digest" \
    --change 'CMD ["/bin/sh"]' \
    - "$IMAGE" >/dev/null
podman image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' "$IMAGE"
