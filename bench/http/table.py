#!/usr/bin/env python3
"""Markdown tables from bench/http/run.sh output: python3 bench/http/table.py OUT_DIR

Per mode (keepalive, close) and target: median [min-max] of req/s, p50, p99, proxy CPU %, proxy CPU per
request (from the harness's CPU % and wrk's request count), and each round's req/s and p99 as a ratio to
nginx in the same round.
"""
import json
import os
import statistics
import sys


def cell(values, fmt="{:,.0f}"):
    values = [v for v in values if v is not None]
    if not values:
        return "-"
    return (fmt + " [" + fmt + "–" + fmt + "]").format(statistics.median(values), min(values), max(values))


def main(out):
    for mode in ("keepalive", "close"):
        path = os.path.join(out, mode + ".json")
        if not os.path.exists(path):
            continue
        data = json.load(open(path))
        secs = data["result"]["params"]["secs"]
        rows = {}
        for r in data["raw"]:
            rows.setdefault(r["name"], {})[r["rep"]] = r
        print("\n%s (wrk -t2 -c64 -d%ds, %d rounds, pin split)\n" % (mode, secs, data["result"]["params"]["repeat"]))
        print("| target | req/s | × nginx (per round) | p50 µs | p99 µs | p99 × nginx | proxy CPU % | CPU µs per request |")
        print("|---|---|---|---|---|---|---|---|")
        nginx = rows.get("nginx", {})
        for name, reps in rows.items():
            rs = sorted(reps)
            rps = [reps[i].get("rps") for i in rs]
            ratio = [reps[i]["rps"] / nginx[i]["rps"] for i in rs if i in nginx and reps[i].get("rps") and nginx[i].get("rps")]
            p99r = [reps[i]["p99_us"] / nginx[i]["p99_us"] for i in rs if i in nginx and reps[i].get("p99_us") and nginx[i].get("p99_us")]
            cpu = [reps[i].get("proxy_cpu_pct") for i in rs]
            per = [reps[i]["proxy_cpu_pct"] / 100 * secs * 1e6 / reps[i]["requests"]
                   for i in rs if reps[i].get("proxy_cpu_pct") is not None and reps[i].get("requests")]
            print("| %s | %s | %s | %s | %s | %s | %s | %s |" % (
                name, cell(rps), cell(ratio, "{:.2f}") if name != "nginx" else "1",
                cell([reps[i].get("p50_us") for i in rs]), cell([reps[i].get("p99_us") for i in rs]),
                cell(p99r, "{:.2f}") if name != "nginx" else "1",
                cell(cpu), cell(per, "{:.1f}")))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "httpbench-out")
