#!/bin/sh
# usage: haproxy-splice-always.sh LISTEN_PORT TARGET_PORT RUNDIR — haproxy with kernel splice forced in both
# directions (option splice-request / splice-response) and 256 KiB buffers. The shared peer haproxy-splice.sh uses
# splice-auto, which haproxy applies only when it judges a transfer large, and in some runs it did not splice at all;
# this one always splices, so the series holds both of haproxy's splice configurations.
L=$1; T=$2; D=$3
cat > "$D/haproxy-splice-always.cfg" <<CFG
global
    maxconn 4000
    tune.bufsize 262144
    log stdout format raw local0 err
defaults
    mode tcp
    option splice-request
    option splice-response
    timeout connect 5s
    timeout client 120s
    timeout server 120s
    maxconn 4000
frontend fe
    bind 127.0.0.1:$L
    default_backend be
backend be
    server s1 127.0.0.1:$T
CFG
exec haproxy -db -f "$D/haproxy-splice-always.cfg"
