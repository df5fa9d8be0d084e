#!/usr/bin/env bash
# Proof without a Pi: starts the linux-arm64 release build under qemu-user emulation on a temporary data folder,
# listening on 127.0.0.1 only, with the router client, "what is my IP" services, the reachability probe, ACME and
# the nightly backups off, and waits (at most VERIFY_TIMEOUT seconds, default 180) for "Healthy" from /healthz.
# Prints how long that took: an emulated figure on this machine, not a Raspberry Pi's.
#   build/verify-arm64.sh [portfwd-<version>-linux-arm64.tar.gz | publish folder]   (default: the newest tarball
#                                                                                     in artifacts/release/)
# Needs (Debian): dpkg --add-architecture arm64 && apt-get update && apt-get install qemu-user-static \
#   libc6:arm64 libstdc++6:arm64 libgcc-s1:arm64 libicu72:arm64 libssl3:arm64 zlib1g:arm64
# Too slow for every test run (about half a minute or more of emulation), so it is a script and not a test.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
limit=${VERIFY_TIMEOUT:-180}
source=${1:-$(ls -t "$root"/artifacts/release/portfwd-*-linux-arm64.tar.gz 2>/dev/null | head -n 1 || true)}
[ -n "$source" ] || { echo "verify-arm64.sh: no arm64 build; run build/release.sh arm64 first" >&2; exit 1; }

qemu=$(command -v qemu-aarch64-static || true)
[ -n "$qemu" ] || { echo "verify-arm64.sh: qemu-aarch64-static not found (apt-get install qemu-user-static)" >&2; exit 1; }
for lib in /lib/ld-linux-aarch64.so.1 /usr/lib/aarch64-linux-gnu/libstdc++.so.6 /usr/lib/aarch64-linux-gnu/libssl.so.3; do
    [ -e "$lib" ] || { echo "verify-arm64.sh: $lib missing: install the arm64 libraries (see the top of this script)" >&2; exit 1; }
done

work=$(mktemp -d)
pid=
cleanup() {
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

if [ -d "$source" ]; then
    app=$source
else
    tar -C "$work" -xzf "$source"
    app=$(echo "$work"/portfwd-*/app)
fi
[ -x "$app/PortFwd.Web" ] || { echo "verify-arm64.sh: no PortFwd.Web in $app" >&2; exit 1; }

# A free port on 127.0.0.1: one nothing answers on.
port=
for _ in $(seq 50); do
    candidate=$((20000 + RANDOM % 10000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[ -n "$port" ] || { echo "verify-arm64.sh: no free port found" >&2; exit 1; }

health() {
    # curl-free: one HTTP/1.0 request over bash's /dev/tcp; prints the body's last line.
    (exec 3<>"/dev/tcp/127.0.0.1/$port" && printf 'GET /healthz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3 && timeout 5 cat <&3) 2>/dev/null | tail -n 1
}

mkdir -p "$work/data"
echo "Starting $app/PortFwd.Web under $qemu on 127.0.0.1:$port (data: $work/data)"
started=$(date +%s.%N)
# DOTNET_EnableWriteXorExecute=0: qemu-user does not emulate the double mapping .NET's W^X uses; without it the
# start dies in a NullReferenceException inside dependency injection.
env -i PATH=/usr/bin:/bin HOME="$work" \
    DOTNET_EnableWriteXorExecute=0 \
    DOTNET_gcServer=0 \
    ASPNETCORE_URLS="http://127.0.0.1:$port" \
    PortFwd__DataDirectory="$work/data" \
    PortFwd__Router__Enabled=false \
    PortFwd__PublicAddress__EchoUrls= \
    PortFwd__Reachability__ProbeUrl= \
    PortFwd__Acme__DirectoryUrl= \
    PortFwd__Backups__Enabled=false \
    "$qemu" "$app/PortFwd.Web" >"$work/panel.log" 2>&1 &
pid=$!

answer=
deadline=$(( $(date +%s) + limit ))
while [ "$(date +%s)" -lt "$deadline" ]; do
    if ! kill -0 "$pid" 2>/dev/null; then
        echo "verify-arm64.sh: the panel exited before it was healthy; its output:" >&2
        cat "$work/panel.log" >&2
        exit 1
    fi
    answer=$(health || true)
    [ "$answer" = Healthy ] && break
    sleep 1
done
elapsed=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')

if [ "$answer" != Healthy ]; then
    echo "verify-arm64.sh: no Healthy from /healthz within $limit s (last answer: '${answer:-none}'); the panel's output:" >&2
    cat "$work/panel.log" >&2
    exit 1
fi
printf 'Healthy from /healthz after %s s under qemu-aarch64 emulation (%s).\n' "$elapsed" "$(basename "$source")"
