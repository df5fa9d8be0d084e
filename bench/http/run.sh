#!/usr/bin/env bash
# HTTP rules side by side with nginx proxy_pass and haproxy mode http: one httpbench run with keep-alive,
# one with "Connection: close" on every request, then the cold-start series. Raw JSON and text in OUT_DIR.
#
#   bench/http/run.sh [OUT_DIR] [REPEAT] [SECS]      (defaults: ./httpbench-out, 3, 8)
#
# Needs ../shared/bench next to the repository (httpbench.sh), wrk, nginx and haproxy. Loopback only.
# The panel is the Release build of src/PortFwd.Web, copied out first so later builds do not touch it;
# its HTTP rule is warmed for PORTFWD_WARMUP_SECS (default 15) on another port before the measured rule
# exists. About six minutes with the defaults.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
bench=${HTTPBENCH_DIR:-$repo/../shared/bench}
out=$(mkdir -p "${1:-httpbench-out}" && cd "${1:-httpbench-out}" && pwd)
repeat=${2:-3} secs=${3:-8}
export PORTFWD_WARMUP_SECS=${PORTFWD_WARMUP_SECS:-15}

dotnet build -c Release "$repo/src/PortFwd.Web" -v q -nologo >/dev/null
rm -rf "$out/portfwd-bin"
cp -r "$repo/src/PortFwd.Web/bin/Release/net10.0" "$out/portfwd-bin"
git -C "$repo" rev-parse --short HEAD > "$out/commit"
portfwd="portfwd=$repo/bench/http/portfwd-http-rule.sh 'dotnet $out/portfwd-bin/PortFwd.Web.dll' {listen} {target}"

# httpbench runs "wrk"; for the close run a wrk on PATH adds the header to every request.
mkdir -p "$out/close-wrk"
printf '#!/bin/sh\nexec %s -H "Connection: close" "$@"\n' "$(command -v wrk)" > "$out/close-wrk/wrk"
chmod +x "$out/close-wrk/wrk"

cd "$bench"
for mode in keepalive close; do
  echo "$mode $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/log"
  path=$PATH
  [ "$mode" = close ] && path="$out/close-wrk:$PATH"
  PATH=$path ./httpbench.sh --repeat "$repeat" --secs "$secs" --pin split --proxies nginx,haproxy --custom "$portfwd" \
    --raw-out "$out/$mode.json" > "$out/$mode.txt" 2>&1 || echo "  $mode failed, see $out/$mode.txt" | tee -a "$out/log"
done
echo "cold $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/log"
"$repo/bench/http/cold-start.sh" "dotnet $out/portfwd-bin/PortFwd.Web.dll" 3 8 > "$out/cold.txt" 2>&1 \
  || echo "  cold start failed, see $out/cold.txt" | tee -a "$out/log"
echo "done $(date -u +%FT%TZ)" | tee -a "$out/log"
for mode in keepalive close; do echo "== $mode"; sed -n '/^httpbench (/,/^$/p' "$out/$mode.txt"; done
echo "== cold"; cat "$out/cold.txt"
