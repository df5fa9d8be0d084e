#!/usr/bin/env python3
"""Markdown tables from bench/websocket/run.sh output: python3 bench/websocket/table.py OUT

One table per message size: per target the median [min–max] over rounds of messages/s, each round's
messages/s as a ratio to nginx in the same round and size, p50 and p99 round trip (µs), the proxy's CPU
µs per message (its CPU seconds over the measured window / messages echoed in it), and errors summed.
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from cells import by_target, cell, in_order  # noqa: E402

TARGETS = ("direct", "nginx", "haproxy", "portfwd")


def main(out):
    runs = [json.loads(line) for line in open(os.path.join(out, "results.jsonl")) if line.strip()]
    params = json.load(open(os.path.join(out, "params.json")))
    commit = open(os.path.join(out, "commit")).read().strip() if os.path.exists(os.path.join(out, "commit")) else "?"
    for size in sorted({r["size"] for r in runs}):
        rows = by_target(runs, lambda r: r["size"] == size)
        print("\n%d-byte messages (%d connections ping-pong, %d s after %d s warm-up, %d rounds, pin split, commit %s)\n"
              % (size, params["connections"], params["secs"], params["warmup"], params["rounds"], commit))
        print("| target | messages/s | × nginx (per round) | p50 µs | p99 µs | proxy CPU µs per message | errors | failed runs |")
        print("|---|---|---|---|---|---|---|---|")
        nginx = rows.get("nginx", {})
        for name in in_order(rows, TARGETS):
            reps = rows[name]
            ok = [reps[i] for i in sorted(reps) if not reps[i].get("failed")]
            ratio = [reps[i]["messages_per_s"] / nginx[i]["messages_per_s"] for i in sorted(reps)
                     if not reps[i].get("failed") and i in nginx and not nginx[i].get("failed") and nginx[i]["messages_per_s"]]
            print("| %s | %s | %s | %s | %s | %s | %d | %d |" % (
                name, cell([r["messages_per_s"] for r in ok]),
                "1" if name == "nginx" else cell(ratio, "{:.2f}"),
                cell([r["p50_us"] for r in ok]), cell([r["p99_us"] for r in ok]),
                cell([r.get("proxy_cpu_us_per_message") for r in ok], "{:.1f}"),
                sum(r["errors"] for r in ok), len(reps) - len(ok)))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "websocket-out")
