#!/usr/bin/env python3
"""Per-round ratios of a bench/relay-series/run.sh series: BASE against each other peer *in the same round*.

    python3 bench/relay-series/paired.py OUT_DIR [BASE] [PEER ...]

On this project's 2-vCPU guest the same build's Gbit/s and CPU per GB swing by up to 2x between rounds minutes apart,
so medians taken per peer over the whole series mostly measure the weather. A round runs every peer one after another
within a few minutes, so the ratio of two peers in one round is the steadier figure; this prints, per figure, the
median [min-max] of those per-round ratios, how many rounds BASE won, and the same for "the best peer of the round"
(the highest rate or the lowest cost among the other peers named, default all of them).
Rates: above 1 means BASE is faster. Costs (relay CPU per GB / per connection): below 1 means BASE spends less.
"""
import glob
import json
import os
import statistics
import sys

from table import COSTS as TABLE_COSTS, ROWS

# The figures table.py labels, those where a ratio of two peers says who is ahead: rates (higher wins) and costs per
# unit of work (lower wins).
RATES = [(key, label) for key, label, _ in ROWS if key in ("bulk_p1_gbps", "bulk_p4_gbps", "rr_tps", "cps")]
COSTS = [(key, label) for key, label in TABLE_COSTS if "_per_" in key]

def load(out):
    rounds = {}
    for path in glob.glob(os.path.join(out, "*-*.json")):
        peer, number = os.path.basename(path)[:-len(".json")].rsplit("-", 1)
        if number.isdigit():
            rounds.setdefault(int(number), {})[peer] = json.load(open(path))["result"]
    return rounds


def rate(result, metric):
    values = ((result["metrics"].get(metric) or {}).get("relay") or {}).get("values") or []
    return statistics.median(values) if values else None


def cost(result, key):
    values = ((result.get("relay_extra") or {}).get(key) or {}).get("values") or []
    return statistics.median(values) if values else None


def summary(ratios, higher_wins):
    if not ratios:
        return "-"
    wins = sum(1 for r in ratios if (r > 1) == higher_wins and r != 1)
    return f"{statistics.median(ratios):.2f} [{min(ratios):.2f}–{max(ratios):.2f}], {wins} of {len(ratios)}"


def main():
    out = sys.argv[1]
    base = sys.argv[2] if len(sys.argv) > 2 else "portfwd"
    rounds = load(out)
    named = sys.argv[3:]
    peers = named or sorted({p for r in rounds.values() for p in r if p != base})
    columns = peers + ["best of " + ", ".join(peers)] if len(peers) > 1 else peers
    print(f"{len(rounds)} rounds; each cell: median [min–max] of {base} ÷ peer per round, rounds {base} won")
    print()
    print("| figure | " + " | ".join(f"{base} ÷ {c}" for c in columns) + " |")
    print("|---|" + "---|" * len(columns))
    for table, higher_wins, read in ((RATES, True, rate), (COSTS, False, cost)):
        for key, label in table:
            cells = []
            for column in columns:
                ratios = []
                for number in sorted(rounds):
                    r = rounds[number]
                    if base not in r:
                        continue
                    mine = read(r[base], key)
                    if column in peers:
                        theirs = read(r[column], key) if column in r else None
                    else:
                        got = [v for p in peers if p in r and (v := read(r[p], key)) is not None]
                        theirs = (max(got) if higher_wins else min(got)) if got else None
                    if mine is not None and theirs:
                        ratios.append(mine / theirs)
                cells.append(summary(ratios, higher_wins))
            if any(c != "-" for c in cells):
                print(f"| {label} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
