#!/usr/bin/env bash
# HTTPS rules side by side with nginx and haproxy terminating TLS with the same certificate: wrk over HTTPS to
# each proxy, which forwards plain HTTP to one static nginx backend (a 1 KiB file). Two modes: keep-alive, and
# a new TLS connection per request ("Connection: close"). Alternating rounds (every proxy once per round and
# mode), so all see the same machine weather. Raw JSON lines in OUT/results.jsonl; tables from table.py.
#
#   flock /tmp/portfwd-bench.lock bench/https/run.sh OUT [ROUNDS] [SECS]      (defaults: 3 rounds, 8 s)
#
# Environment: CONNECTIONS (64), MODES ("keepalive close"), PANEL_WARMUP_SECS (15: load per mode on a warm-up
# HTTPS rule before the measured rule exists, not recorded). One ECDSA P-256 certificate for bench.test is made
# in OUT/tls. wrk has no --resolve, so it asks https://127.0.0.1:PORT/ with "Host: bench.test": its SNI then
# names no site, so every proxy answers with its default certificate (PortFwd: a rule without host names).
# Pinning as httpbench's --pin split: every proxy on CPU 1; wrk and the backend on CPU 0; the proxy's CPU time
# from /proc around each run (nginx: master and worker; the panel: its dotnet process). Needs nginx, haproxy,
# wrk, openssl, taskset, curl, python3. Loopback only; every run bounded; all started here is stopped by PID.
# With the defaults about 2 × 3 × 9 s per round plus two minutes.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
[ $# -ge 1 ] || { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
out=$(mkdir -p "$1" && cd "$1" && pwd)
rounds=${2:-3} secs=${3:-8}
conns=${CONNECTIONS:-64} modes=${MODES:-keepalive close} panel_warmup=${PANEL_WARMUP_SECS:-15}
backend_port=15390 nginx_port=25390 haproxy_port=25391 portfwd_port=25392 plain_port=25393 warmup_port=25394
source "$repo/bench/side-by-side.sh"
need_tools "https bench" nginx haproxy wrk openssl taskset curl python3
need_free_ports "https bench" $backend_port $nginx_port $haproxy_port $portfwd_port $plain_port $warmup_port
copy_panel
: > "$out/results.jsonl"
: > "$out/resumption.jsonl"
echo "{\"rounds\":$rounds,\"secs\":$secs,\"connections\":$conns,\"threads\":2,\"modes\":\"$modes\",\"pin\":\"split\"}" > "$out/params.json"
# nginx workers run as nobody when started by root: they read the backend's file and write their temp folders here.
chmod 755 "$out"

# One certificate for all three: ECDSA P-256, bench.test, meant for servers, valid 30 days.
tls=$out/tls
mkdir -p "$tls"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 -subj /CN=bench.test \
  -addext subjectAltName=DNS:bench.test -addext basicConstraints=critical,CA:FALSE \
  -addext keyUsage=critical,digitalSignature -addext extendedKeyUsage=serverAuth \
  -keyout "$tls/key.pem" -out "$tls/cert.pem" 2>/dev/null
cat "$tls/cert.pem" "$tls/key.pem" > "$tls/bench.pem"

# The backend: plain HTTP, a static 1 KiB file, on CPU 0 with wrk.
mkdir -p "$out/backend/www"
head -c 1023 /dev/zero | tr '\0' x > "$out/backend/www/index.html"
echo >> "$out/backend/www/index.html"
chmod -R a+rX "$out/backend"
nginx_conf backend "    keepalive_requests 1000000;
    sendfile on;
    default_type text/html;
    server {
        listen 127.0.0.1:$backend_port backlog=4096;
        root $out/backend/www;
        location / { }
    }"
start_nginx backend 0

# nginx: TLS terminated by the default server (HTTP/1.1 only), a shared session cache, upstream keep-alive.
nginx_conf nginx "    keepalive_requests 1000000;
    upstream backend {
        server 127.0.0.1:$backend_port;
        keepalive 64;
    }
    server {
        listen 127.0.0.1:$nginx_port ssl default_server backlog=4096;
        ssl_certificate $tls/cert.pem;
        ssl_certificate_key $tls/key.pem;
        ssl_protocols TLSv1.2 TLSv1.3;
        ssl_session_cache shared:bench:10m;
        location / {
            proxy_pass http://backend;
            proxy_http_version 1.1;
            proxy_set_header Connection \"\";
            proxy_set_header Host \$host;
            proxy_set_header X-Forwarded-For \$remote_addr;
            proxy_set_header X-Forwarded-Proto https;
        }
    }"
start_nginx nginx 1
nginx_pid=${started[-1]}

# haproxy: the same certificate on its only bind (so the default for any name; TLS 1.2 and 1.3 by default).
start_haproxy "frontend fe
    bind 127.0.0.1:$haproxy_port ssl crt $tls/bench.pem
    option forwardfor
    http-request set-header X-Forwarded-Proto https
    default_backend be
backend be
    http-reuse safe
    server s1 127.0.0.1:$backend_port"
haproxy_pid=${started[-1]}

# The real panel (Release), started by portfwd-http-rule.sh with a plain HTTP rule; that rule goes once the
# HTTPS rule is made through the API with the same certificate uploaded.
start_panel "https bench" $plain_port $backend_port
base=$panel_base
password=$(sed -n 's/^password=//p' "$repo/bench/http/portfwd-http-rule.sh")
token=$(curl -sf -m 10 -H 'Content-Type: application/json' -d "{\"name\":\"bench $$\",\"username\":\"admin\",\"password\":\"$password\"}" "$base/api/tokens" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])') || { echo "https bench: no API token" >&2; exit 1; }

# api METHOD PATH [BODY]: the panel's answer on stdout; fails on any error status
api() {
  curl -sf -m 10 -X "$1" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' ${3:+-d "$3"} "$base$2"
}
json_field() { python3 -c "import json,sys; print(json.load(sys.stdin)[\"$1\"])"; }
https_rule() {
  echo "{\"name\":\"bench https $1\",\"protocol\":\"http\",\"externalPort\":$1,\"internalHost\":\"127.0.0.1\",\"internalPort\":$backend_port,\"enabled\":true,\"tls\":\"uploaded\",\"certificateId\":$certificate}"
}
# answers PORT: 200 over HTTPS for bench.test with the bench certificate (10 s at most)
answers() {
  for _ in $(seq 1 100); do
    curl -sf -m 2 -o /dev/null --cacert "$tls/cert.pem" --resolve "bench.test:$1:127.0.0.1" "https://bench.test:$1/index.html" && return 0
    sleep 0.1
  done
  return 1
}
# load PORT MODE SECS [ARGS...]: wrk on CPU 0, its report line (report.lua) last on stdout
load() {
  local close=()
  [ "$2" = close ] && close=(-H 'Connection: close')
  timeout --kill-after=5 $(( $3 + 30 )) taskset -c 0 wrk -t2 -c"$conns" -d"$3s" --timeout 5s -s "$here/report.lua" \
    -H 'Host: bench.test' "${close[@]}" "https://127.0.0.1:$1/index.html"
}
# cpu_us PID: user + system CPU µs of a process and its children (nginx's worker)
cpu_us() {
  local pid ticks=0
  for pid in $1 $(pgrep -P "$1" || true); do
    ticks=$(( ticks + $(awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$pid/stat" 2>/dev/null || echo 0) ))
  done
  echo $(( ticks * 1000000 / $(getconf CLK_TCK) ))
}

certificate=$(python3 -c 'import json,sys; print(json.dumps({"pem": open(sys.argv[1]).read()}))' "$tls/bench.pem" \
  | curl -sf -m 10 -H "Authorization: Bearer $token" -H 'Content-Type: application/json' --data-binary @- "$base/api/certificates" \
  | json_field id) || { echo "https bench: the panel did not take the certificate" >&2; exit 1; }
plain=$(api GET /api/rules | python3 -c "import json,sys; print(next(r['id'] for r in json.load(sys.stdin) if r['externalPort'] == $plain_port))")
api DELETE "/api/rules/$plain" > /dev/null
if [ "$panel_warmup" -gt 0 ]; then
  warm=$(api POST /api/rules "$(https_rule $warmup_port)" | json_field id)
  answers $warmup_port || { echo "https bench: the warm-up rule does not answer" >&2; exit 1; }
  for mode in $modes; do
    echo "panel warm-up $(date -u +%FT%TZ) $mode ${panel_warmup}s" | tee -a "$out/log"
    load $warmup_port "$mode" "$panel_warmup" >> "$out/warmup.txt" 2>&1 || true
  done
  api DELETE "/api/rules/$warm" > /dev/null
fi
api POST /api/rules "$(https_rule $portfwd_port)" > /dev/null

for target in nginx haproxy portfwd; do
  port_var=${target}_port
  port=${!port_var}
  answers "$port" || { echo "https bench: $target does not answer on $port with the bench certificate" >&2; exit 1; }
  # As wrk asks: no SNI for bench.test, the name only in Host.
  code=$(curl -sk -m 2 -o /dev/null -w '%{http_code}' -H 'Host: bench.test' "https://127.0.0.1:$port/index.html" || true)
  [ "$code" = 200 ] || { echo "https bench: $target answers $code without SNI" >&2; exit 1; }
  resumed=$(python3 "$here/resumption.py" "$port" "$tls/cert.pem" 2>> "$out/log")
  echo "{\"target\":\"$target\",${resumed#\{}" >> "$out/resumption.jsonl"
done

for round in $(seq 1 "$rounds"); do
  for mode in $modes; do
    echo "round $round $mode $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/log"
    for target in nginx haproxy portfwd; do
      case $target in
        nginx)   port=$nginx_port pid=$nginx_pid ;;
        haproxy) port=$haproxy_port pid=$haproxy_pid ;;
        portfwd) port=$portfwd_port pid=$panel_pid ;;
      esac
      line=""
      if kill -0 "$pid" 2>/dev/null; then
        before=$(cpu_us "$pid")
        text=$(load "$port" "$mode" "$secs" 2>&1) || true
        after=$(cpu_us "$pid")
        echo "== $target round $round $mode"$'\n'"$text" >> "$out/wrk.txt"
        line=$(grep '^{' <<< "$text" | tail -1) || true
      else
        echo "  $target is no longer running" | tee -a "$out/log"
      fi
      if [ "${line:0:1}" = "{" ]; then
        echo "{\"target\":\"$target\",\"mode\":\"$mode\",\"round\":$round,\"proxy_cpu_us\":$(( after - before )),${line#\{}" >> "$out/results.jsonl"
        echo "  $target: $line" >> "$out/log"
      else
        echo "{\"target\":\"$target\",\"mode\":\"$mode\",\"round\":$round,\"failed\":true}" >> "$out/results.jsonl"
        echo "  $target round $round $mode failed, see $out/wrk.txt" | tee -a "$out/log"
      fi
    done
  done
done
echo "done $(date -u +%FT%TZ)" | tee -a "$out/log"
python3 "$here/table.py" "$out"
