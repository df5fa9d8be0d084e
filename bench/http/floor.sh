#!/usr/bin/env bash
# The panel's HTTP rule beside the floor of its stack (Kestrel + YARP's forwarder with the same settings, nothing of the
# panel: bench/PortFwd.YarpFloor.Bench, with and without the forwarding-header transforms) and nginx, in alternating
# rounds. Shows how much of the gap to nginx is the panel's own per-request work and how much is the stack's.
#
#   bench/http/floor.sh OUT_DIR [REPEAT] [SECS]        (defaults 3, 8)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
bench=${HTTPBENCH_DIR:-$repo/../shared/bench}
out=$(mkdir -p "$1" && cd "$1" && pwd); repeat=${2:-3} secs=${3:-8}
dotnet build -c Release "$repo/src/PortFwd.Web" -v q -nologo >/dev/null
dotnet build -c Release "$repo/bench/PortFwd.YarpFloor.Bench" -v q -nologo >/dev/null
rm -rf "$out/portfwd-bin" "$out/floor-bin"
cp -r "$repo/src/PortFwd.Web/bin/Release/net10.0" "$out/portfwd-bin"
cp -r "$repo/bench/PortFwd.YarpFloor.Bench/bin/Release/net10.0" "$out/floor-bin"
git -C "$repo" rev-parse --short HEAD > "$out/commit"
cd "$bench"
PORTFWD_WARMUP_SECS=${PORTFWD_WARMUP_SECS:-15} ./httpbench.sh --repeat "$repeat" --secs "$secs" --pin split --proxies nginx \
  --custom "floor=dotnet $out/floor-bin/PortFwd.YarpFloor.Bench.dll {listen} {target}" \
  --custom "floor-bare=dotnet $out/floor-bin/PortFwd.YarpFloor.Bench.dll {listen} {target} --no-transforms" \
  --custom "portfwd=$repo/bench/http/portfwd-http-rule.sh 'dotnet $out/portfwd-bin/PortFwd.Web.dll' {listen} {target}" \
  --raw-out "$out/keepalive.json" > "$out/keepalive.txt" 2>&1
python3 "$repo/bench/http/table.py" "$out"
