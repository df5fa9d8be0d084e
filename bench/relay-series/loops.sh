#!/usr/bin/env bash
# Several cores: PortFwd's relay with one and with two event loops against haproxy (nbthread = cores) and nginx
# (worker_processes 2), unpinned (--pin none), in alternating rounds; 4-stream bulk and new connections per second.
#
#   bench/relay-series/loops.sh [OUT_DIR] [ROUNDS]      (defaults: ./relaybench-loops, 3)
#
# Needs ../shared/bench next to the repository, haproxy and nginx. Traffic stays on 127.0.0.1.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
bench=${RELAYBENCH_DIR:-$repo/../shared/bench}
out=$(mkdir -p "${1:-relaybench-loops}" && cd "${1:-relaybench-loops}" && pwd)
rounds=${2:-3}

dotnet build -c Release "$repo/bench/PortFwd.Relay.Bench" -v q -nologo >/dev/null
rm -rf "$out/portfwd-bin"
cp -r "$repo/bench/PortFwd.Relay.Bench/bin/Release/net10.0" "$out/portfwd-bin"
git -C "$repo" rev-parse --short HEAD > "$out/commit"

common=(--pin none --tests bulk,cps --bulk-streams 4)
cd "$bench"
for round in $(seq 1 "$rounds"); do
  for peer in portfwd-1 portfwd-2 haproxy nginx-2; do
    echo "round $round $peer $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/log"
    case $peer in
      portfwd-*) ./relaybench.sh --name "$peer" "${common[@]}" --raw-out "$out/$peer-$round.json" \
                   --start "dotnet $out/portfwd-bin/PortFwd.Relay.Bench.dll --listen 127.0.0.1:{listen} --target 127.0.0.1:{target} --event-loops ${peer#portfwd-}" ;;
      haproxy)   ./relaybench.sh --name haproxy "${common[@]}" --raw-out "$out/haproxy-$round.json" \
                   --start '{here}/peers/haproxy-tcp.sh {listen} {target} {rundir}' ;;
      nginx-2)   NGINX_WORKERS=2 ./relaybench.sh --name nginx-2 "${common[@]}" --raw-out "$out/nginx-2-$round.json" \
                   --start '{here}/peers/nginx-stream.sh {listen} {target} {rundir}' ;;
    esac > "$out/$peer-$round.txt" 2>&1 || echo "  $peer round $round failed, see $out/$peer-$round.txt" | tee -a "$out/log"
  done
done
echo "done $(date -u +%FT%TZ)" | tee -a "$out/log"
