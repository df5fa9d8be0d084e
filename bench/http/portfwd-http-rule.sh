#!/usr/bin/env bash
# Starts the real panel with one HTTP rule, for ../shared/bench/httpbench.sh --custom:
#
#   portfwd-http-rule.sh 'CMD' LISTEN TARGET
#   httpbench.sh --custom "portfwd=$PWD/bench/http/portfwd-http-rule.sh 'dotnet /tmp/pf/PortFwd.Web.dll' {listen} {target}"
#
# CMD starts the panel (run in the folder of its first .dll argument, so its appsettings.json applies).
# The panel listens on 127.0.0.1 only, router client off, no internet probes, data under /tmp. An HTTP
# rule 127.0.0.1:LISTEN -> 127.0.0.1:TARGET is created through the API; the script returns to the
# foreground once the rule answers, and runs until it is killed, stopping the panel it started by PID.
#
# PORTFWD_WARMUP_SECS=N (default 0): before the measured rule exists, load a warm-up rule on another
# port for N seconds (wrk on CPU 0), then delete it, so the measured rule starts on warm code.
# PORTFWD_RULE_PROTOCOL=tcpudp: a TCP+UDP relay rule instead (the relay inside the shipped panel, for
# ../shared/bench/relaybench.sh --start); it is ready once the panel says it is active (no warm-up rule).
set -u
cmd=$1 listen=$2 target=$3
warmup=${PORTFWD_WARMUP_SECS:-0}
protocol=${PORTFWD_RULE_PROTOCOL:-http}
data=$(mktemp -d /tmp/portfwd-http-bench.XXXXXX)
password=bench-Passw0rd
panel=""

stop() {
  if [ -n "$panel" ] && kill -0 "$panel" 2>/dev/null; then
    kill -TERM "$panel" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$panel" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$panel" 2>/dev/null
    wait "$panel" 2>/dev/null
  fi
  rm -rf "$data"
}
trap stop EXIT
trap 'exit 143' TERM INT HUP

fail() { echo "portfwd-http-rule: $*" >&2; [ -f "$data/panel.log" ] && tail -20 "$data/panel.log" >&2; exit 1; }

# The panel's folder: where the first argument ending in .dll lives.
dir=.
for word in $cmd; do case $word in *.dll) dir=$(dirname "$word"); break;; esac; done

(
  cd "$dir" || exit 1
  export ASPNETCORE_URLS=http://127.0.0.1:0 ASPNETCORE_ENVIRONMENT=Production
  export PortFwd__DataDirectory=$data PortFwd__AdminPassword=$password PortFwd__ListenAddress=127.0.0.1
  export PortFwd__Router__Enabled=false PortFwd__Reachability__ProbeUrl= PortFwd__PublicAddress__EchoUrls=
  exec $cmd
) > "$data/panel.log" 2>&1 &
panel=$!

base=""
for _ in $(seq 1 600); do
  base=$(grep -o 'Now listening on: http://[0-9.:]*' "$data/panel.log" 2>/dev/null | head -1 | sed 's/Now listening on: //')
  [ -n "$base" ] && break
  kill -0 "$panel" 2>/dev/null || fail "the panel exited"
  sleep 0.1
done
[ -n "$base" ] || fail "the panel did not start within 60 s"

token=$(curl -sf -m 10 -H 'Content-Type: application/json' -d "{\"name\":\"bench $$\",\"username\":\"admin\",\"password\":\"$password\"}" "$base/api/tokens" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])') || fail "no API token"

# create_rule PORT -> prints the new rule's id
create_rule() {
  curl -sf -m 10 -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"name\":\"bench $1\",\"protocol\":\"$protocol\",\"externalPort\":$1,\"internalHost\":\"127.0.0.1\",\"internalPort\":$target,\"enabled\":true}" \
    "$base/api/rules" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'
}

# wait_rule PORT ID: until an HTTP rule answers 200 from the backend, or a relay rule is active (20 s at most)
wait_rule() {
  for _ in $(seq 1 200); do
    if [ "$protocol" = http ]; then
      curl -sf -m 2 -o /dev/null "http://127.0.0.1:$1/index.html" && return 0
    else
      curl -sf -m 2 -H "Authorization: Bearer $token" "$base/api/rules/$2/status" | grep -q '"state":"active"' && return 0
    fi
    sleep 0.1
  done
  return 1
}

if [ "$warmup" -gt 0 ] && [ "$protocol" = http ]; then
  wport=$((listen + 1000))
  wid=$(create_rule "$wport") || fail "cannot create the warm-up rule on $wport"
  wait_rule "$wport" "$wid" || fail "the warm-up rule on $wport does not answer"
  taskset -c 0 wrk -t2 -c64 -d"${warmup}s" --timeout 5s "http://127.0.0.1:$wport/index.html" > "$data/warmup.txt" 2>&1
  curl -sf -m 10 -X DELETE -H "Authorization: Bearer $token" "$base/api/rules/$wid" -o /dev/null || fail "cannot delete the warm-up rule"
fi

id=$(create_rule "$listen") || fail "cannot create the rule on $listen"
wait_rule "$listen" "$id" || fail "the rule on $listen does not answer"
echo "portfwd-http-rule: panel $panel at $base, $protocol rule 127.0.0.1:$listen -> 127.0.0.1:$target" >&2
wait "$panel"
