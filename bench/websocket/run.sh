#!/usr/bin/env bash
# WebSocket echo through an HTTP rule, side by side with nginx proxy_pass and haproxy mode http: the same
# Kestrel echo backend straight (direct) and behind each proxy, in alternating rounds (every target once per
# round and message size), so all see the same machine weather. Raw JSON lines in OUT/results.jsonl.
#
#   flock /tmp/portfwd-bench.lock bench/websocket/run.sh OUT [ROUNDS] [SECS]      (defaults: 3 rounds, 8 s)
#
# Environment: SIZES (default "64 16384" bytes per message), CONNECTIONS (64), WARMUP_SECS (2, per run, not
# counted), PANEL_WARMUP_SECS (15: WebSocket load on the panel's rule per size before round 1, not recorded).
# Pinning as httpbench's --pin split: every proxy on CPU 1; the client and the backend on CPU 0. The proxy's
# CPU seconds are read from /proc by the client at the edges of the measured window (nginx: master and worker;
# the panel: its dotnet process). Needs nginx, haproxy, taskset, curl. Loopback only; every run bounded;
# everything started here is stopped by PID. With the defaults about 2 × 4 × 11 s per round plus a minute.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
[ $# -ge 1 ] || { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
out=$(mkdir -p "$1" && cd "$1" && pwd)
rounds=${2:-3} secs=${3:-8}
sizes=${SIZES:-64 16384} conns=${CONNECTIONS:-64} warmup=${WARMUP_SECS:-2} panel_warmup=${PANEL_WARMUP_SECS:-15}
backend_port=15380 nginx_port=25380 haproxy_port=25381 portfwd_port=25382
source "$repo/bench/side-by-side.sh"
need_tools "websocket bench" nginx haproxy taskset curl
need_free_ports "websocket bench" $backend_port $nginx_port $haproxy_port $portfwd_port $((portfwd_port + 1000))

# Build once, outside the measured runs, and run copies so later builds do not touch them.
nice -n 19 dotnet build -c Release "$repo/bench/PortFwd.WebSocket.Bench" -v q -nologo >/dev/null
rm -rf "$out/ws-bin"
cp -r "$repo/bench/PortFwd.WebSocket.Bench/bin/Release/net10.0" "$out/ws-bin"
copy_panel
: > "$out/results.jsonl"
echo "{\"rounds\":$rounds,\"secs\":$secs,\"warmup\":$warmup,\"connections\":$conns,\"sizes\":\"$sizes\",\"pin\":\"split\"}" > "$out/params.json"

# The backend outlives the series only by its own bound.
life=$(( rounds * 4 * $(wc -w <<< "$sizes") * (secs + warmup + 30) + 4 * panel_warmup + 600 ))
taskset -c 0 dotnet "$out/ws-bin/PortFwd.WebSocket.Bench.dll" server --port $backend_port --exit-after $life > "$out/backend.log" 2>&1 &
started+=($!)

# nginx as in httpbench (one worker), with the two headers that pass the upgrade on.
nginx_conf nginx "    map \$http_upgrade \$connection_upgrade { default upgrade; '' close; }
    server {
        listen 127.0.0.1:$nginx_port backlog=4096;
        location / {
            proxy_pass http://127.0.0.1:$backend_port;
            proxy_http_version 1.1;
            proxy_set_header Upgrade \$http_upgrade;
            proxy_set_header Connection \$connection_upgrade;
            proxy_read_timeout 300s;
        }
    }"
start_nginx nginx 1
nginx_pid=${started[-1]}

# haproxy as in httpbench (mode http), one thread, with a tunnel timeout for the upgraded connections.
start_haproxy "frontend fe
    bind 127.0.0.1:$haproxy_port
    default_backend be
backend be
    timeout tunnel 1h
    server s1 127.0.0.1:$backend_port"
haproxy_pid=${started[-1]}

# The real panel with one HTTP rule to the backend.
start_panel "websocket bench" $portfwd_port $backend_port

for port in $backend_port $nginx_port $haproxy_port $portfwd_port; do
  for _ in $(seq 1 100); do curl -sf -m 2 -o /dev/null "http://127.0.0.1:$port/index.html" && break; sleep 0.1; done
  curl -sf -m 2 -o /dev/null "http://127.0.0.1:$port/index.html" || { echo "websocket bench: nothing answers on $port" >&2; exit 1; }
done

# client TARGET PORT SIZE SECS WARMUP [PID]: one client run on CPU 0, its JSON line on stdout
client() {
  local extra=()
  [ -n "${6:-}" ] && extra=(--cpu-pid "$6")
  timeout --kill-after=5 $(( $4 + $5 + 60 )) taskset -c 0 dotnet "$out/ws-bin/PortFwd.WebSocket.Bench.dll" client \
    --url "ws://127.0.0.1:$2/echo" --connections "$conns" --size "$3" --secs "$4" --warmup "$5" "${extra[@]}" 2>> "$out/client-$1.log"
}

if [ "$panel_warmup" -gt 0 ]; then
  echo "panel warm-up $(date -u +%FT%TZ) ${panel_warmup}s per size" | tee -a "$out/log"
  for size in $sizes; do client portfwd $portfwd_port "$size" "$panel_warmup" 0 > /dev/null || true; done
fi

for round in $(seq 1 "$rounds"); do
  for size in $sizes; do
    echo "round $round size $size $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/log"
    for target in direct nginx haproxy portfwd; do
      case $target in
        direct)  port=$backend_port pid="" ;;
        nginx)   port=$nginx_port pid=$nginx_pid ;;
        haproxy) port=$haproxy_port pid=$haproxy_pid ;;
        portfwd) port=$portfwd_port pid=$panel_pid ;;
      esac
      if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
        echo "  $target is no longer running" | tee -a "$out/log"
        line=""
      else
        line=$(client $target $port "$size" "$secs" "$warmup" $pid) || true
      fi
      if [ "${line:0:1}" = "{" ]; then
        echo "{\"target\":\"$target\",\"round\":$round,${line#\{}" >> "$out/results.jsonl"
        echo "  $target: $line" >> "$out/log"
      else
        echo "{\"target\":\"$target\",\"round\":$round,\"size\":$size,\"failed\":true}" >> "$out/results.jsonl"
        echo "  $target round $round size $size failed, see $out/client-$target.log" | tee -a "$out/log"
      fi
    done
  done
done
echo "done $(date -u +%FT%TZ)" | tee -a "$out/log"
python3 "$repo/bench/websocket/table.py" "$out"
