#!/usr/bin/env bash
# A/B of panel builds and runtime switches on one HTTP rule, in alternating rounds beside nginx:
#
#   bench/http/ab.sh OUT SECS ROUNDS NAME:BIN_DIR:ENV [NAME:BIN_DIR:ENV ...]
#   bench/http/ab.sh /tmp/ab 8 3 "before:/tmp/pf-old:A=0" "after:/tmp/pf-new:A=0" \
#       "after-no-inline:/tmp/pf-new:DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=0"
#
# BIN_DIR is a built panel (src/PortFwd.Web/bin/Release/net10.0 copied out); ENV is what `env` gets before
# `dotnet` (A=0 for nothing). Each variant runs through portfwd-http-rule.sh with PORTFWD_WARMUP_SECS (15).
# Compare the "CPU µs per request" column: it holds up on a busy machine better than req/s does.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
bench=${HTTPBENCH_DIR:-$repo/../shared/bench}
out=$(mkdir -p "$1" && cd "$1" && pwd); secs=$2; rounds=$3; shift 3
args=()
for variant in "$@"; do
  name=${variant%%:*}; rest=${variant#*:}; bin=${rest%%:*}; envs=${rest#*:}
  args+=(--custom "$name=$repo/bench/http/portfwd-http-rule.sh 'env $envs dotnet $bin/PortFwd.Web.dll' {listen} {target}")
done
cd "$bench"
PORTFWD_WARMUP_SECS=${PORTFWD_WARMUP_SECS:-15} ./httpbench.sh --repeat "$rounds" --secs "$secs" --pin split --proxies nginx \
  "${args[@]}" --raw-out "$out/keepalive.json" > "$out/keepalive.txt" 2>&1
python3 "$repo/bench/http/table.py" "$out"
