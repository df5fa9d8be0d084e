#!/usr/bin/env bash
# Requests/s of a fresh panel's HTTP rule, second by second from the moment the rule first answers,
# against the same rule warm (after 30 s of load), with the same nginx backend httpbench uses.
#
#   bench/http/cold-start.sh 'dotnet /tmp/pf/PortFwd.Web.dll' [ROUNDS] [SECONDS]   (defaults 3, 10)
#
# The panel runs on CPU 1, wrk (-t2 -c64) and the backend on CPU 0 (httpbench's --pin split). Every second
# is its own wrk run, so each one opens its 64 connections again. Loopback only; bounded; the panel and
# the backend it starts are stopped by PID.
set -u
here=$(cd "$(dirname "$0")" && pwd)
cmd=$1 rounds=${2:-3} secs=${3:-10}
[ "$secs" -gt 20 ] && secs=20
target=15290 listen=25290
dir=$(mktemp -d /tmp/portfwd-cold.XXXXXX)
backend="" wrapper=""
stop() {
  for p in $wrapper $backend; do
    kill -TERM "$p" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null
  done
  rm -rf "$dir"
}
trap stop EXIT
trap 'exit 143' TERM INT HUP

mkdir -p "$dir/www" && head -c 1023 /dev/zero | tr '\0' x > "$dir/www/index.html" && echo >> "$dir/www/index.html"
chmod -R a+rX "$dir"
cat > "$dir/backend.conf" <<CONF
daemon off;
master_process on;
worker_processes 1;
pid $dir/backend.pid;
error_log $dir/backend-error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 1000000;
    keepalive_timeout 65;
    sendfile on;
    default_type text/html;
    client_body_temp_path $dir/cb; proxy_temp_path $dir/pt; fastcgi_temp_path $dir/ft; uwsgi_temp_path $dir/ut; scgi_temp_path $dir/st;
    server { listen 127.0.0.1:$target backlog=4096; root $dir/www; location / { } }
}
CONF
taskset -c 0 nginx -p "$dir" -c "$dir/backend.conf" &
backend=$!
for _ in $(seq 1 50); do curl -sf -o /dev/null "http://127.0.0.1:$target/index.html" && break; sleep 0.1; done

rps() { taskset -c 0 wrk -t2 -c64 -d"$1"s --timeout 5s "http://127.0.0.1:$listen/index.html" | awk '/Requests\/sec/{printf "%.0f", $2}'; }

for round in $(seq 1 "$rounds"); do
  taskset -c 1 "$here/portfwd-http-rule.sh" "$cmd" "$listen" "$target" 2> "$dir/wrapper.log" &
  wrapper=$!
  for _ in $(seq 1 600); do grep -q 'rule 127' "$dir/wrapper.log" && break; kill -0 "$wrapper" 2>/dev/null || break; sleep 0.05; done
  grep -q 'rule 127' "$dir/wrapper.log" || { cat "$dir/wrapper.log" >&2; exit 1; }
  line="round $round: per second"
  for _ in $(seq 1 "$secs"); do line="$line $(rps 1)"; done
  rps $((30 - secs)) > /dev/null
  line="$line | warm (10 s at 30 s) $(rps 10)"
  echo "$line"
  kill -TERM "$wrapper"; wait "$wrapper" 2>/dev/null; wrapper=""
done
