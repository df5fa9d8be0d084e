# Sourced by the side-by-side runners (bench/websocket/run.sh, bench/https/run.sh) once they have set repo (the
# checkout) and out (the output folder): what they do the same way. As httpbench's --pin split, proxies run on
# CPU 1, load and backends on CPU 0. Everything started is recorded in started and stopped by PID on exit.

# need_tools WHO TOOL...: stops the run naming the first tool missing
need_tools() {
  local who=$1 tool
  shift
  for tool in "$@"; do command -v "$tool" >/dev/null || { echo "$who: missing $tool" >&2; exit 2; }; done
}

# need_free_ports WHO PORT...: stops the run naming the first loopback port something already answers on
need_free_ports() {
  local who=$1 port
  shift
  for port in "$@"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$who: port $port is in use" >&2; exit 2; fi
  done
}

# copy_panel: builds the panel (Release) once, outside the measured runs, and runs a copy in OUT/portfwd-bin so
# later builds do not touch it; the commit measured goes to OUT/commit
copy_panel() {
  nice -n 19 dotnet build -c Release "$repo/src/PortFwd.Web" -v q -nologo >/dev/null
  rm -rf "$out/portfwd-bin"
  cp -r "$repo/src/PortFwd.Web/bin/Release/net10.0" "$out/portfwd-bin"
  git -C "$repo" rev-parse --short HEAD > "$out/commit"
}

started=()
stop_started() {
  local pid
  for pid in "${started[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${started[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
}
trap stop_started EXIT
trap 'exit 143' TERM INT HUP

# nginx_conf NAME HTTP-LINES: OUT/NAME/nginx.conf as httpbench writes them (one worker, no access log, temp
# folders in OUT/NAME), with HTTP-LINES inside its http block
nginx_conf() {
  mkdir -p "$out/$1"
  cat > "$out/$1/nginx.conf" <<CONF
daemon off;
master_process on;
worker_processes 1;
pid $out/$1/nginx.pid;
error_log $out/$1/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $out/$1/client_body; proxy_temp_path $out/$1/proxy;
    fastcgi_temp_path $out/$1/fastcgi; uwsgi_temp_path $out/$1/uwsgi; scgi_temp_path $out/$1/scgi;
$2
}
CONF
}

# start_nginx NAME CPU: nginx with OUT/NAME/nginx.conf, pinned to CPU; its master's PID last in started
start_nginx() {
  taskset -c "$2" nginx -p "$out/$1" -c "$out/$1/nginx.conf" > "$out/$1/stdout.log" 2>&1 &
  started+=($!)
}

# start_haproxy SECTIONS: haproxy as httpbench runs it (mode http, keep-alive) but with one thread, pinned to
# CPU 1, in the foreground; SECTIONS (its frontend and backend) end OUT/haproxy.cfg. Its PID last in started.
start_haproxy() {
  cat > "$out/haproxy.cfg" <<CONF
global
    maxconn 4000
    nbthread 1
defaults
    mode http
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    option http-keep-alive
$1
CONF
  taskset -c 1 haproxy -db -f "$out/haproxy.cfg" > "$out/haproxy.log" 2>&1 &
  started+=($!)
}

# start_panel WHO LISTEN TARGET: the panel copied by copy_panel, on CPU 1, with one plain HTTP rule
# 127.0.0.1:LISTEN -> 127.0.0.1:TARGET (bench/http/portfwd-http-rule.sh, no warm-up; its messages in
# OUT/portfwd.log). Once the rule answers, sets panel_pid (the panel's dotnet process) and panel_base (its URL).
start_panel() {
  PORTFWD_WARMUP_SECS=0 taskset -c 1 "$repo/bench/http/portfwd-http-rule.sh" "dotnet $out/portfwd-bin/PortFwd.Web.dll" \
    "$2" "$3" 2> "$out/portfwd.log" &
  started+=($!)
  for _ in $(seq 1 900); do grep -q 'portfwd-http-rule: panel' "$out/portfwd.log" && break; kill -0 "${started[-1]}" 2>/dev/null || break; sleep 0.1; done
  panel_pid=$(sed -n 's/^portfwd-http-rule: panel \([0-9]*\) .*/\1/p' "$out/portfwd.log")
  panel_base=$(sed -n 's/^portfwd-http-rule: panel [0-9]* at \([^,]*\),.*/\1/p' "$out/portfwd.log")
  [ -n "$panel_pid" ] && [ "$(cat "/proc/$panel_pid/comm" 2>/dev/null)" = dotnet ] \
    || { echo "$1: the panel did not start" >&2; cat "$out/portfwd.log" >&2; exit 1; }
}
