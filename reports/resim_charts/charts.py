"""The report's charts. Each takes a Results and returns a matplotlib Figure, or None when the
results hold nothing to draw (the feature is unused, or nothing was observed)."""

import math

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import FuncFormatter, MaxNLocator, PercentFormatter

from .results import share_at_most
from .style import (
    COLORS,
    KIND_COLORS,
    apply_style,
    SERIES,
    duration_axis,
    format_duration,
    format_percent,
    format_target_percent,
    new_figure,
    target_line,
)

YEAR_S = 8760 * 3600.0
PERIOD_S = {"month": 730 * 3600.0, "quarter": 2190 * 3600.0, "year": YEAR_S}
NINES_CAP = 7.0  # a period without downtime is drawn at 7 nines, labelled "no downtime"


def period_name(results, period=None):
    """'year', 'month', ... — what one simulated horizon (or SLA period) is."""
    if period:
        return str(period)
    horizon = results.horizon_s
    if horizon:
        for name, seconds in PERIOD_S.items():
            if abs(horizon - seconds) < 0.01 * seconds:
                return name
        return f"horizon of {format_duration(horizon)}"
    return "horizon"


def _nines(availability):
    gap = 1.0 - np.asarray(availability, dtype=float)
    return np.where(gap <= 10 ** -NINES_CAP, NINES_CAP, -np.log10(np.clip(gap, 1e-300, None)))


def _nines_label(value, _pos=None):
    if value >= NINES_CAP - 1e-9:
        return "100%"
    return format_target_percent(1.0 - 10.0 ** -value) if value > 0 else "0%"


def _probability_note(row):
    p = row.get("probability")
    if p is None or (isinstance(p, float) and math.isnan(p)):
        return ""
    lo, hi = row.get("probability_low"), row.get("probability_high")
    ci = f" (CI {lo * 100:.0f}–{hi * 100:.0f}%)" if lo is not None and hi is not None else ""
    return f"{p * 100:.1f}% of {row.get('period') or 'period'}s meet it{ci}"


def _tier_prefix(row):
    return f"{row['set']}: " if row.get("set") else ""


def _service_targets(results, kind):
    """Targets of this kind on the service (or on nothing named: the service by default)."""
    frame = results.targets_of_kind(kind)
    if frame.empty:
        return frame
    service = results.service
    return frame[(frame["on"] == "") | (frame["on"] == service)]


def availability_per_period(results):
    table, period = results.availability_per_period()
    if table.empty:
        return None
    name = period_name(results, period)
    fig, ax = new_figure(f"Availability per simulated {name}, worst first")
    x = table["level"] * 100
    y = _nines(table["value"])
    ax.plot(x, y, color=COLORS["primary"], label=f"availability of the {name} at this rank")
    ax.fill_between(x, 0, y, color=COLORS["primary"], alpha=0.08)
    mean = results.availability().get("mean")
    if mean is not None:
        ax.axhline(_nines(mean), color=COLORS["neutral"], linestyle=":", linewidth=2,
                   label=f"mean {format_percent(mean)}")
    for i, (_, row) in enumerate(_service_targets(results, "availability").iterrows()):
        if row["target"] is None:
            continue
        note = _probability_note(row)
        target_line(ax, _nines(row["target"]),
                    f"{_tier_prefix(row)}target {format_target_percent(row['target'])}"
                    + (f": {note}" if note else ""),
                    axis="y", color=SERIES[(i + 5) % len(SERIES)] if i else COLORS["target"])
    floor = min([y.min()] + [_nines(t) for t in _service_targets(results, "availability")["target"]
                              if t is not None])
    low = max(0.0, math.floor(floor) - 1.0)
    ax.set_ylim(low, NINES_CAP + 0.3)
    ax.yaxis.set_major_formatter(FuncFormatter(_nines_label))
    ax.set_yticks([v for v in range(int(low), int(NINES_CAP) + 1)])
    ax.set_xlim(0, 100)
    ax.xaxis.set_major_formatter(PercentFormatter())
    ax.set_xlabel(f"share of simulated {name}s with this availability or worse (%)")
    ax.set_ylabel("availability (nines scale)")
    ax.legend(loc="lower right")
    return fig


def downtime_per_period(results):
    table = results.downtime_per_period()
    if table.empty:
        return None
    name = period_name(results)
    positive = table[table["value"] > 0]
    fig, ax = new_figure(f"Downtime per simulated {name}")
    zero_share = share_at_most(table, 0.0) or 0.0
    if positive.empty:
        ax.text(0.5, 0.5, f"No downtime in any simulated {name}", transform=ax.transAxes,
                ha="center", va="center", fontsize=18)
        ax.set_axis_off()
        return fig
    low = positive["value"].min() / 2
    values = np.concatenate([[low], positive["value"].to_numpy()])
    levels = np.concatenate([[zero_share], positive["level"].to_numpy()])
    ax.plot(values, levels * 100, color=COLORS["primary"],
            label=f"share of {name}s with at most this downtime")
    down = results.downtime_per_year()
    budgets = []
    for _, row in _service_targets(results, "availability").iterrows():
        if row["target"] is not None and (row.get("period") in (None, "year", name)):
            budgets.append((row, (1.0 - row["target"]) * YEAR_S))
    high = max(values.max(), *(b for _, b in budgets)) * 2 if budgets else values.max() * 2
    if down.get("mean") is not None and down["mean"] > 0:
        ax.axvline(down["mean"], color=COLORS["neutral"], linestyle=":", linewidth=2,
                   label=f"mean {format_duration(down['mean'])} per year")
    for row, budget in budgets:
        target_line(ax, budget, f"{_tier_prefix(row)}budget of {format_target_percent(row['target'])}: "
                    f"{format_duration(budget)} per year")
    duration_axis(ax, "x", low=low, high=high)
    ax.set_ylim(0, 101)
    ax.yaxis.set_major_formatter(PercentFormatter())
    ax.set_xlabel(f"downtime in the {name} (log scale)")
    ax.set_ylabel(f"simulated {name}s (%)")
    if zero_share > 0:
        ax.text(0.01, zero_share * 100 + 2, f"{zero_share * 100:.0f}% of {name}s: no downtime",
                transform=ax.get_yaxis_transform(), fontsize=12, color=COLORS["neutral"])
    ax.legend(loc="lower right")
    return fig


def _cdf(ax, table, label, color, left):
    """A CDF from a quantile table on a log axis; zero values start the curve at the left."""
    values = np.clip(table["value"].to_numpy(dtype=float), left, None)
    ax.plot(values, table["level"].to_numpy() * 100, color=color, label=label,
            drawstyle="default")


def _duration_cdf_chart(title, xlabel, curves, targets, empty_text, zero_text="zero"):
    """curves: [(label, quantile table)], targets: [(row, limit_s)]."""
    curves = [(label, t) for label, t in curves if not t.empty]
    if not curves:
        return None
    positive = [t["value"][t["value"] > 0] for _, t in curves]
    positive = [p for p in positive if not p.empty]
    fig, ax = new_figure(title)
    if not positive:
        ax.text(0.5, 0.5, empty_text, transform=ax.transAxes, ha="center", va="center", fontsize=18)
        ax.set_axis_off()
        return fig
    low = min(p.min() for p in positive) / 2
    high = max(p.max() for p in positive)
    for _, limit in targets:
        low, high = min(low, limit / 2), max(high, limit)
    high *= 2
    for i, (label, table) in enumerate(curves):
        _cdf(ax, table, label, SERIES[i % len(SERIES)], low)
        zero = table["level"][table["value"] <= 0]
        if not zero.empty and zero.max() >= 0.01:
            share = zero.max() * 100
            ax.plot([low], [share], "o", color=SERIES[i % len(SERIES)], markersize=9, clip_on=False)
            ax.annotate(f"{share:.1f}%: {zero_text}", (low, share), xytext=(12, -18 if share > 90 else 8),
                        textcoords="offset points", fontsize=12, color=SERIES[i % len(SERIES)])
    for i, (row, limit) in enumerate(targets):
        share = row.get("share_within")
        parts = [f"{_tier_prefix(row)}target {format_duration(limit)}"]
        if share is not None and not (isinstance(share, float) and math.isnan(share)):
            parts.append(f"{share * 100:.1f}% within")
        note = _probability_note(row)
        if note:
            parts.append(note)
        target_line(ax, limit, ", ".join(parts),
                    color=COLORS["target"] if i == 0 else SERIES[(i + 3) % len(SERIES)])
    duration_axis(ax, "x", low=low, high=high)
    ax.set_ylim(0, 101)
    ax.yaxis.set_major_formatter(PercentFormatter())
    ax.set_xlabel(xlabel)
    ax.set_ylabel("ended within this time (%)" if "RTO" in title else "at most this loss (%)")
    ax.legend(loc="lower right")
    return fig


def rto_cdf(results):
    summary, table = results.outage_durations()
    if table.empty and not summary:
        return None
    count = results.outage_count()
    targets = [(row, row["target"]) for _, row in _service_targets(results, "rto").iterrows()
               if row["target"] is not None]
    fig = _duration_cdf_chart(
        "Outage duration (RTO achieved per incident)",
        "outage duration (log scale)",
        [(f"service outages ({count if count is not None else '?'})", table)],
        targets,
        "No outage of the service was observed",
    )
    if fig is None and count == 0:
        fig, ax = new_figure("Outage duration (RTO achieved per incident)")
        ax.text(0.5, 0.5, "No outage of the service was observed", transform=ax.transAxes,
                ha="center", va="center", fontsize=18)
        ax.set_axis_off()
    return fig


def rpo_cdf(results):
    curves, lossless = [], []
    for f in results.failovers():
        table = f["rpo_quantiles"]
        if not f.get("promotions"):
            continue
        if table.empty or table["value"].max() <= 0:
            lossless.append(f["name"])
            continue
        curves.append((f"{f['name']} ({f['promotions']} promotions)", table))
    for d in results.data.get("datasets", []) or []:
        if isinstance(d, dict) and isinstance(d.get("rpo_s"), dict):
            from .results import quantile_frame

            table = quantile_frame(d["rpo_s"])
            if not table.empty:
                curves.append((f"dataset {d.get('name', '?')}", table))
    if not curves and not lossless:
        return None
    targets = [(row, row["target"]) for _, row in results.targets_of_kind("rpo").iterrows()
               if row["target"] is not None]
    fig = _duration_cdf_chart(
        "Data lost per promotion (RPO)",
        "writes lost, in seconds of writes (log scale)",
        curves or [("no loss", _zero_table())],
        targets,
        "No promotion lost any data (synchronous replication)",
        zero_text="lost no data",
    )
    if lossless and fig is not None:
        fig.text(0.01, -0.02, "No data lost at any promotion: " + ", ".join(lossless),
                 fontsize=12, color=COLORS["neutral"])
    return fig


def _zero_table():
    import pandas as pd

    return pd.DataFrame({"level": [0.0, 1.0], "value": [0.0, 0.0]})


def causes_bar(results, top=10):
    frame = results.causes()
    if frame.empty or frame["downtime_per_year_s"].sum() <= 0:
        return None
    frame = frame.sort_values("downtime_per_year_s", ascending=False)
    shown = frame.head(top).copy()
    rest = frame.iloc[top:]
    if not rest.empty:
        shown.loc[len(shown) + 1000] = {
            "name": f"{len(rest)} others", "kind": "other",
            "downtime_share": rest["downtime_share"].sum(),
            "downtime_per_year_s": rest["downtime_per_year_s"].sum(),
        }
    shown = shown.iloc[::-1]
    maximum = shown["downtime_per_year_s"].max()
    unit, size = ("hours", 3600.0) if maximum >= 3 * 3600 else (
        ("minutes", 60.0) if maximum >= 120 else ("seconds", 1.0))
    height = max(4.0, 0.55 * len(shown) + 1.8)
    fig, ax = new_figure("Where the downtime comes from (by the failure that began each outage)",
                         figsize=(10, height))
    colors = [KIND_COLORS.get(k, KIND_COLORS["other"]) for k in shown["kind"]]
    bars = ax.barh(shown["name"], shown["downtime_per_year_s"] / size, color=colors)
    for bar, (_, row) in zip(bars, shown.iterrows()):
        ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2,
                f"  {row['downtime_share'] * 100:.1f}%  ({format_duration(row['downtime_per_year_s'])})",
                va="center", fontsize=12)
    ax.set_xlim(0, maximum / size * 1.35)
    ax.set_xlabel(f"downtime per year ({unit})")
    ax.grid(axis="y", visible=False)
    kinds = list(dict.fromkeys(shown["kind"][::-1]))
    handles = [plt.Rectangle((0, 0), 1, 1, color=KIND_COLORS.get(k, KIND_COLORS["other"]))
               for k in kinds]
    ax.legend(handles, kinds, loc="lower right", title="kind")
    return fig


def rto_rpo_matrix(results):
    frame = results.disruption_matrix()
    if frame.empty:
        return None
    metrics = [m for m in ("rto", "rpo") if (frame["metric"] == m).any()]
    columns = [(m, q) for m in metrics for q in ("p50", "p95", "p99", "max")]
    rows = list(dict.fromkeys(frame["row"]))[:16]
    cells = np.full((len(rows), len(columns)), np.nan)
    for _, r in frame.iterrows():
        if r["row"] not in rows:
            continue
        for j, (m, q) in enumerate(columns):
            if r["metric"] == m and r[q] is not None:
                cells[rows.index(r["row"]), j] = r[q]
    limits = {}
    for m in metrics:
        t = _service_targets(results, m) if m == "rto" else results.targets_of_kind(m)
        values = [v for v in t["target"] if v is not None] if not t.empty else []
        if values:
            limits[m] = min(values)
    height = max(3.0, 0.5 * len(rows) + 2.0)
    fig, ax = new_figure("RTO / RPO per disruption", figsize=(max(10, 2.0 * len(columns) + 4), height))
    shade = np.log10(np.clip(np.nan_to_num(cells, nan=1.0), 1.0, None))
    color = np.zeros(cells.shape + (4,))
    for j, (m, _q) in enumerate(columns):
        for i in range(len(rows)):
            v = cells[i, j]
            if np.isnan(v):
                color[i, j] = (1, 1, 1, 1)
            elif m in limits:
                good = v <= limits[m]
                base = np.array(plt.matplotlib.colors.to_rgba(COLORS["good"] if good else COLORS["bad"]))
                color[i, j] = base * 0.35 + 0.65  # light tint keeps the text readable
                color[i, j, 3] = 1
            else:
                level = min(1.0, shade[i, j] / 6.0)
                color[i, j] = (1 - 0.45 * level, 1 - 0.3 * level, 1, 1)
    ax.imshow(color, aspect="auto")
    for i in range(len(rows)):
        for j in range(len(columns)):
            v = cells[i, j]
            ax.text(j, i, "–" if np.isnan(v) else format_duration(v), ha="center", va="center",
                    fontsize=12)
    counts = {r["row"]: r["count"] for _, r in frame.iterrows() if r["count"] is not None}
    years = (results.trials or 0) * (results.horizon_s or 0) / YEAR_S
    for i, row in enumerate(rows):
        if row in counts and years > 0:
            ax.text(len(columns) - 0.45, i, f"{counts[row] / years:.3g}/yr", ha="left",
                    va="center", fontsize=12, color=COLORS["neutral"])
    ax.set_xticks(range(len(columns)))
    ax.set_xticklabels([f"{m.upper()} {q}" for m, q in columns])
    ax.set_title(ax.get_title(loc="left"), loc="left", pad=34)
    ax.xaxis.tick_top()
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels(rows)
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    if limits:
        note = "; ".join(f"{m.upper()} target {format_duration(v)}" for m, v in limits.items())
        ax.set_xlabel(f"green: within, red: beyond the tightest target ({note})")
    return fig


def runbook_steps(results):
    frame = results.runbook_steps()
    if frame.empty:
        return None
    frame = frame.iloc[::-1]
    labels = [f"{r['runbook']}: {r['step']}" if r["runbook"] else r["step"] for _, r in frame.iterrows()]
    fig, ax = new_figure("RTO by runbook step", figsize=(10, max(4.0, 0.5 * len(frame) + 2)))
    mean = frame["mean_s"].astype(float) / 60.0
    ax.barh(labels, mean, color=COLORS["primary"], label="mean")
    if frame["p95_s"].notna().any():
        ax.scatter(frame["p95_s"].astype(float) / 60.0, labels, color=COLORS["secondary"],
                   zorder=3, label="p95", s=60)
    ax.set_xlabel("step duration (minutes)")
    ax.legend(loc="lower right")
    return fig


_COMPARE_METRICS = [
    ("availability", "availability", "percent"),
    ("downtime_per_year_s", "downtime per year", "duration"),
    ("rto_p99_s", "outage duration p99 (RTO)", "duration"),
    ("cost", "cost per year", "money"),
]


def compare_metrics(results):
    """compare / sweep: each metric against the design or swept parameter with its interval,
    the cost beside it."""
    frame = results.designs()
    if frame.empty:
        return None
    metrics = [m for m in _COMPARE_METRICS if m[0] in frame and frame[m[0]].notna().any()]
    if not metrics:
        return None
    parameter = results.parameter_name()
    numeric = "parameter" in frame and frame["parameter"].map(
        lambda v: isinstance(v, (int, float))).all()
    x = frame["parameter"].to_numpy(dtype=float) if numeric else np.arange(len(frame))
    apply_style()
    fig, axes = plt.subplots(1, len(metrics), figsize=(4.2 * len(metrics) + 1, 5.2), squeeze=False)
    fig.suptitle(("Sweep over " + str(parameter)) if parameter else "Designs compared",
                 x=0.01, ha="left", fontsize=16, fontweight="bold")
    for ax, (key, label, kind) in zip(axes[0], metrics):
        y = frame[key].to_numpy(dtype=float)
        low = frame.get(key + "_low")
        high = frame.get(key + "_high")
        err = None
        if low is not None and high is not None:
            err = np.vstack([y - low.to_numpy(dtype=float), high.to_numpy(dtype=float) - y])
            err = np.nan_to_num(np.clip(err, 0, None))
        if kind == "percent":
            plot_y = _nines(y)
            if err is not None:
                err = np.abs(np.vstack([plot_y - _nines(y - err[0]), _nines(y + err[1]) - plot_y]))
            ax.yaxis.set_major_formatter(FuncFormatter(_nines_label))
            ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        else:
            plot_y = y / 3600.0 if kind == "duration" else y
        if kind == "duration" and err is not None:
            err = err / 3600.0
        ax.errorbar(x, plot_y, yerr=err, fmt="o-" if numeric else "o", capsize=6,
                    color=COLORS["primary"] if key != "cost" else COLORS["secondary"], markersize=8)
        if kind == "percent":
            for target in _design_availability_targets(results):
                target_line(ax, _nines(target), f"target {format_target_percent(target)}", axis="y")
                ax.legend(loc="lower right", fontsize=11)
        ax.set_title(label + (" (hours)" if kind == "duration" else ""), fontsize=13, loc="left")
        if not numeric:
            ax.set_xticks(x)
            ax.set_xticklabels(frame["design"], rotation=20, ha="right")
        else:
            ax.set_xlabel(str(parameter or "parameter"))
    fig.tight_layout()
    return fig


def _design_availability_targets(results):
    """The availability targets on the service, over every design (the same file's tiers)."""
    targets = []
    for _, r in results.design_results():
        for t in _service_targets(r, "availability")["target"]:
            if t is not None and t not in targets:
                targets.append(t)
    return targets


def compare_rto_cdf(results):
    """compare / sweep: the outage-duration CDF of every design on one chart."""
    curves, targets = [], []
    for label, r in results.design_results():
        summary, table = r.outage_durations()
        count = r.outage_count()
        curves.append((f"{label} ({count if count is not None else '?'} outages)", table))
        for _, row in _service_targets(r, "rto").iterrows():
            if row["target"] is not None and all(row["target"] != t for _, t in targets):
                targets.append(({"set": row["set"]}, row["target"]))
    if not curves:
        return None
    return _duration_cdf_chart("Outage duration (RTO) per design", "outage duration (log scale)",
                               curves, targets, "No outage was observed in any design")


# The charts of a report, in the order they appear: (file stem, caption, function).
CHARTS = [
    ("availability-per-period", "Availability per simulated period against the target",
     availability_per_period),
    ("downtime-per-period", "Downtime per simulated period", downtime_per_period),
    ("rto-cdf", "Outage duration (RTO) distribution with the target", rto_cdf),
    ("rpo-cdf", "Data lost per promotion (RPO) distribution with the target", rpo_cdf),
    ("causes", "Downtime attribution by cause", causes_bar),
    ("rto-rpo-matrix", "RTO / RPO per disruption", rto_rpo_matrix),
    ("runbook-steps", "RTO by runbook step", runbook_steps),
    ("compare", "Metrics per design or swept parameter", compare_metrics),
    ("compare-rto-cdf", "Outage duration (RTO) per design", compare_rto_cdf),
]
