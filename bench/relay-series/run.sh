#!/usr/bin/env bash
# Runs the shared relay benchmark for PortFwd, haproxy and nginx (default and tuned as an expert would) in
# alternating rounds, so all see the same machine weather, and keeps every run's raw JSON for table.py.
# PEERS="portfwd haproxy" limits the peers; TESTS=udp (a relaybench --tests list) limits the tests. The peer
# "portfwd-one-by-one" is the bench host with UDP batching off (--udp-one-by-one), to measure what batching gives. The peer "panel" is the same relay inside the shipped panel (a
# TCP+UDP rule made through its API, the panel's own runtime settings); its per-rule limit of 1,024
# connections leaves out the 5,000-connection idle test, which the bench host "portfwd" measures. The peer
# "portfwd-before" is another build of the bench host, for a before/after in the same run:
# BEFORE_BIN=dir (bench/PortFwd.Relay.Bench/bin/Release/net10.0 of the earlier commit, copied out).
#
#   bench/relay-series/run.sh [OUT_DIR] [ROUNDS]      (defaults: ./relaybench-out, 3)
#
# Needs ../shared/bench next to the repository (relaybench.sh and its peers/), haproxy and nginx.
# Traffic stays on 127.0.0.1. One round takes about six minutes.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
bench=${RELAYBENCH_DIR:-$repo/../shared/bench}
out=$(mkdir -p "${1:-relaybench-out}" && cd "${1:-relaybench-out}" && pwd)
rounds=${2:-3}

# Build once, outside the measured runs, and run the built dll.
dotnet build -c Release "$repo/bench/PortFwd.Relay.Bench" -v q -nologo >/dev/null
rm -rf "$out/portfwd-bin"
cp -r "$repo/bench/PortFwd.Relay.Bench/bin/Release/net10.0" "$out/portfwd-bin"
git -C "$repo" rev-parse --short HEAD > "$out/commit"
case " ${PEERS:-} " in
  *" panel "*)
    dotnet build -c Release "$repo/src/PortFwd.Web" -v q -nologo >/dev/null
    rm -rf "$out/panel-bin"
    cp -r "$repo/src/PortFwd.Web/bin/Release/net10.0" "$out/panel-bin" ;;
esac

case " ${PEERS:-} " in
  *" portfwd-before "*) [ -f "${BEFORE_BIN:-}/PortFwd.Relay.Bench.dll" ] || { echo "BEFORE_BIN must name the earlier build's directory" >&2; exit 2; } ;;
esac

tests=()
[ -n "${TESTS:-}" ] && tests=(--tests "$TESTS")

cd "$bench"
for round in $(seq 1 "$rounds"); do
  for peer in ${PEERS:-portfwd haproxy nginx haproxy-splice nginx-tuned}; do
    echo "round $round $peer $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/log"
    case $peer in
      portfwd) ./relaybench.sh --name portfwd "${tests[@]}" --udp --raw-out "$out/portfwd-$round.json" \
                 --start "dotnet $out/portfwd-bin/PortFwd.Relay.Bench.dll --listen 127.0.0.1:{listen} --target 127.0.0.1:{target} --udp" ;;
      portfwd-before) ./relaybench.sh --name portfwd-before "${tests[@]}" --udp --raw-out "$out/portfwd-before-$round.json" \
                 --start "dotnet $BEFORE_BIN/PortFwd.Relay.Bench.dll --listen 127.0.0.1:{listen} --target 127.0.0.1:{target} --udp" ;;
      panel)   PORTFWD_RULE_PROTOCOL=tcpudp ./relaybench.sh --name panel --udp --tests "${TESTS:-bulk,rr,cps,udp}" \
                 --raw-out "$out/panel-$round.json" \
                 --start "$repo/bench/http/portfwd-http-rule.sh 'dotnet $out/panel-bin/PortFwd.Web.dll' {listen} {target}" ;;
      portfwd-splice) ./relaybench.sh --name portfwd-splice "${tests[@]}" --raw-out "$out/portfwd-splice-$round.json" \
                 --start "dotnet $out/portfwd-bin/PortFwd.Relay.Bench.dll --listen 127.0.0.1:{listen} --target 127.0.0.1:{target} --splice" ;;
      portfwd-one-by-one) ./relaybench.sh --name portfwd-one-by-one "${tests[@]}" --udp --raw-out "$out/portfwd-one-by-one-$round.json" \
                 --start "dotnet $out/portfwd-bin/PortFwd.Relay.Bench.dll --listen 127.0.0.1:{listen} --target 127.0.0.1:{target} --udp --udp-one-by-one" ;;
      haproxy) ./relaybench.sh --name haproxy "${tests[@]}" --raw-out "$out/haproxy-$round.json" \
                 --start '{here}/peers/haproxy-tcp.sh {listen} {target} {rundir}' ;;
      nginx)   ./relaybench.sh --name nginx "${tests[@]}" --udp --raw-out "$out/nginx-$round.json" \
                 --start '{here}/peers/nginx-stream.sh {listen} {target} {rundir}' ;;
      # As an expert would tune them: haproxy with splice-auto and 256 KiB buffers, nginx stream with 256 KiB buffers.
      haproxy-splice) ./relaybench.sh --name haproxy-splice "${tests[@]}" --raw-out "$out/haproxy-splice-$round.json" \
                 --start '{here}/peers/haproxy-splice.sh {listen} {target} {rundir}' ;;
      haproxy-splice-always) ./relaybench.sh --name haproxy-splice-always "${tests[@]}" --raw-out "$out/haproxy-splice-always-$round.json" \
                 --start "$repo/bench/relay-series/peers/haproxy-splice-always.sh {listen} {target} {rundir}" ;;
      nginx-tuned) ./relaybench.sh --name nginx-tuned "${tests[@]}" --udp --raw-out "$out/nginx-tuned-$round.json" \
                 --start '{here}/peers/nginx-tuned.sh {listen} {target} {rundir}' ;;
    esac > "$out/$peer-$round.txt" 2>&1 || echo "  $peer round $round failed, see $out/$peer-$round.txt" | tee -a "$out/log"
  done
done
echo "done $(date -u +%FT%TZ)" | tee -a "$out/log"
echo "table: python3 $repo/bench/relay-series/table.py $out"
