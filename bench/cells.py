"""Table cells shared by the side-by-side benchmarks' table.py (bench/websocket, bench/https)."""
import statistics


def cell(values, fmt="{:,.0f}"):
    """Median [min–max] of the rounds' values (the value alone for one round, "-" for none)."""
    values = [v for v in values if v is not None]
    if not values:
        return "-"
    if len(values) == 1:
        return fmt.format(values[0])
    return (fmt + " [" + fmt + "–" + fmt + "]").format(statistics.median(values), min(values), max(values))


def by_target(runs, keep):
    """{target: {round: run}} of the runs keep(run) accepts."""
    rows = {}
    for run in runs:
        if keep(run):
            rows.setdefault(run["target"], {})[run["round"]] = run
    return rows


def in_order(rows, targets):
    """The targets that ran, those in targets first in that order, then any others by name."""
    return [t for t in targets if t in rows] + sorted(set(rows) - set(targets))
