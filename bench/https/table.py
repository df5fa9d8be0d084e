#!/usr/bin/env python3
"""Markdown tables from bench/https/run.sh output: python3 bench/https/table.py OUT

One table per mode (keepalive, close): per proxy the median [min–max] over rounds of requests/s, each round's
requests/s and proxy CPU per request as a ratio to nginx in the same round and mode, p50 and p99 latency (µs),
the proxy's CPU µs per request (its CPU time over the run / requests answered), errors summed (connect, read,
write, timeout and non-2xx/3xx answers) and failed runs; then whether each proxy resumed a TLS session
(resumption.py, once before the rounds).
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from cells import by_target, cell, in_order  # noqa: E402

TARGETS = ("nginx", "haproxy", "portfwd")
MODES = {"keepalive": "keep-alive", "close": "a new TLS connection per request (Connection: close)"}


def per_request(run):
    return run["proxy_cpu_us"] / run["requests"] if run.get("requests") else None


def per_round(reps, nginx, value):
    """Each round's value for this proxy over nginx's in the same round, where both ran."""
    ratios = []
    for i, run in reps.items():
        other = nginx.get(i)
        if run.get("failed") or not other or other.get("failed"):
            continue
        mine, theirs = value(run), value(other)
        if mine is not None and theirs:
            ratios.append(mine / theirs)
    return ratios


def yes_no(value):
    return {True: "yes", False: "no", None: "failed"}[value]


def main(out):
    runs = [json.loads(line) for line in open(os.path.join(out, "results.jsonl")) if line.strip()]
    params = json.load(open(os.path.join(out, "params.json")))
    commit_path = os.path.join(out, "commit")
    commit = open(commit_path).read().strip() if os.path.exists(commit_path) else "?"
    for mode in [m for m in MODES if any(r["mode"] == m for r in runs)]:
        rows = by_target(runs, lambda r: r["mode"] == mode)
        print("\nHTTPS, %s (wrk -t%d -c%d -d%ds, 1 KiB file, %d rounds, pin split, commit %s)\n"
              % (MODES[mode], params["threads"], params["connections"], params["secs"], params["rounds"], commit))
        print("| proxy | requests/s | × nginx (per round) | p50 µs | p99 µs | proxy CPU µs per request | CPU × nginx | errors | failed runs |")
        print("|---|---|---|---|---|---|---|---|---|")
        nginx = rows.get("nginx", {})
        for name in in_order(rows, TARGETS):
            reps = rows[name]
            ok = [reps[i] for i in sorted(reps) if not reps[i].get("failed")]
            print("| %s | %s | %s | %s | %s | %s | %s | %d | %d |" % (
                name, cell([r["rps"] for r in ok]),
                "1" if name == "nginx" else cell(per_round(reps, nginx, lambda r: r["rps"]), "{:.2f}"),
                cell([r["p50_us"] for r in ok]), cell([r["p99_us"] for r in ok]),
                cell([per_request(r) for r in ok], "{:.1f}"),
                "1" if name == "nginx" else cell(per_round(reps, nginx, per_request), "{:.2f}"),
                sum(sum(r["errors"].values()) for r in ok), len(reps) - len(ok)))
    path = os.path.join(out, "resumption.jsonl")
    if os.path.exists(path):
        probes = [json.loads(line) for line in open(path) if line.strip()]
        print("\nTLS session resumed on a second connection (resumption.py): "
              + "; ".join("%s TLS 1.3 %s, TLS 1.2 %s" % (p["target"], yes_no(p.get("tls1.3")), yes_no(p.get("tls1.2")))
                          for p in probes)
              + ". wrk offers each connection's last session when it connects again, so in the close mode only a"
              " connection's first handshake is a full one wherever the proxy resumes.")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "httpsbench-out")
