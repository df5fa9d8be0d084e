#!/usr/bin/env python3
"""Turns the raw JSON of bench/relay-series/run.sh into the Markdown tables of BENCHMARKS.md.

    python3 bench/relay-series/table.py OUT_DIR [BASE]

The peers are read from the file names (NAME-ROUND.json). Each cell is the median [min-max] of the rounds;
DIRECT is pooled over every run; the last columns divide BASE's median (default: portfwd) by every other peer's.
"""
import glob
import json
import os
import statistics
import sys

PEERS = []
ROWS = [
    ("bulk_p1_gbps", "TCP bulk 1 stream, Gbit/s", True),
    ("bulk_p4_gbps", "TCP bulk 4 streams, Gbit/s", True),
    ("rr_tps", "64 B ping-pong, transactions/s", True),
    ("rr_p50_us", "ping-pong p50 RTT, µs", True),
    ("rr_p99_us", "ping-pong p99 RTT, µs", True),
    ("cps", "new connections/s", True),
    ("cps_p99_us", "new conn p99 connect-to-EOF, µs", True),
    ("cps_errors", "new conn errors+timeouts", True),
    ("idle_established", "idle: established (of 5000)", True),
    ("idle_relay_pss_kb_per_conn", "idle: relay PSS per connection, KiB", False),
    ("idle_relay_rss_kb_per_conn", "idle: relay RSS per connection, KiB", False),
    ("udp64_max_recv_pps", "UDP 64 B max: delivered/s", True),
    ("udp64_20k_loss_pct", "UDP 64 B at 20k/s: loss %", True),
    ("udp1400_max_recv_pps", "UDP 1400 B max: delivered/s", True),
    ("udp1400_20k_loss_pct", "UDP 1400 B at 20k/s: loss %", True),
]
COSTS = [
    ("bulk_p1_gbps:relay_cpu_s_per_GB", "bulk 1 stream: relay CPU s/GB"),
    ("bulk_p4_gbps:relay_cpu_s_per_GB", "bulk 4 streams: relay CPU s/GB"),
    ("rr_tps:relay_cpu_us_per_tx", "ping-pong: relay CPU µs/transaction"),
    ("cps:relay_cpu_us_per_conn", "new conn: relay CPU µs/connection"),
    ("cps:relay_cpu_pct", "new conn: relay CPU %"),
    ("udp64_max_recv_pps:relay_cpu_pct", "UDP 64 B max: relay CPU %"),
]


def fmt(v):
    if v is None:
        return "n/a"
    a = abs(v)
    if a >= 1000:
        return f"{v:,.0f}"
    if a >= 100:
        return f"{v:.0f}"
    if a >= 10:
        return f"{v:.1f}"
    return f"{v:.2f}"


def load(out, base):
    runs = {}
    for path in sorted(glob.glob(os.path.join(out, "*-*.json"))):
        peer = os.path.basename(path)[:-len(".json")].rsplit("-", 1)[0]
        runs.setdefault(peer, []).append(json.load(open(path))["result"])
    PEERS[:] = [base] + sorted(p for p in runs if p != base)
    return runs


def values(results, metric, side="relay"):
    vals = []
    for r in results:
        m = r["metrics"].get(metric) or {}
        s = m.get(side) or {}
        vals.extend(s.get("values") or [])
    return vals


def cell(vals):
    if not vals:
        return "not measured", None
    med = statistics.median(vals)
    return f"{fmt(med)} [{fmt(min(vals))}–{fmt(max(vals))}] (n={len(vals)})", med


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "relaybench-out"
    base = sys.argv[2] if len(sys.argv) > 2 else "portfwd"
    runs = load(out, base)
    others = PEERS[1:]
    print("| figure | DIRECT (pooled) | " + " | ".join(PEERS) + " | " + " | ".join(f"{base} ÷ {p}" for p in others) + " |")
    print("|---|---|" + "---|" * (len(PEERS) + len(others)))
    for metric, label, has_direct in ROWS:
        direct = [v for p in PEERS for v in values(runs.get(p, []), metric, "direct")] if has_direct else []
        dtext = f"{fmt(statistics.median(direct))} (n={len(direct)})" if direct else "n/a"
        cells, meds = [], {}
        for p in PEERS:
            text, med = cell(values(runs.get(p, []), metric))
            cells.append(text)
            meds[p] = med
        ratios = []
        for peer in others:
            a, b = meds[base], meds[peer]
            ratios.append(f"{a / b:.2f}" if a is not None and b not in (None, 0) else "-")
        print(f"| {label} | {dtext} | " + " | ".join(cells) + " | " + " | ".join(ratios) + " |")
    print()
    print("| relay cost (median) | " + " | ".join(PEERS) + " |")
    print("|---|" + "---|" * len(PEERS))
    for key, label in COSTS:
        row = []
        for p in PEERS:
            vals = [v for r in runs.get(p, []) for v in ((r.get("relay_extra") or {}).get(key) or {}).get("values", [])]
            row.append(fmt(statistics.median(vals)) if vals else "n/a")
        print(f"| {label} | " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
