"""Gantt chart of a replayed trial (the timeline JSON of `resim replay --json`).

One row per element whose state changed (the service first), coloured by state. The top panel
shows the whole simulated period, every incident drawn at least a few pixels wide so that none
vanishes in a year; the bottom panel zooms into the longest outage of the service (or the
longest incident of any element when the service never went down), on a real time scale, with
a tick where each event of that element happened.
"""

import json
import os

import matplotlib.pyplot as plt
from matplotlib.patches import Patch

from .style import COLORS, apply_style, format_duration, format_percent

# Colour-blind-safe (Okabe-Ito and Tol's wine); "up" is drawn as the row's background.
STATE_COLORS = {
    "up": "#C7E9DA",
    "degraded": "#F0E442",
    "down": COLORS["bad"],
    "detecting": COLORS["secondary"],
    "responding": "#CC79A7",
    "promoting": "#56B4E9",
    "waiting": COLORS["neutral"],
    "failing back": COLORS["primary"],
    "corrupted": "#000000",
    "restoring": "#882255",
}
STATE_LABELS = {
    "up": "up",
    "degraded": "degraded (some members down)",
    "down": "down",
    "detecting": "failover: detecting",
    "responding": "failover: on-call responding",
    "promoting": "failover: promoting",
    "waiting": "failover: waiting for a member",
    "failing back": "failing back (planned)",
    "corrupted": "corrupted, not yet noticed",
    "restoring": "restoring from backup",
}
MAX_ROWS = 24  # beyond that the labels no longer read at slide size
DAY = 86400.0


def load_timeline(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    if data.get("format") != "resim-timeline":
        raise OSError(f"{path}: not a resim timeline (write one with resim replay --json)")
    return data


def _bad_time(row):
    return sum(s["end_s"] - s["start_s"] for s in row["spans"] if s["state"] != "up")


def _rows(data):
    """The service, then the other rows with the most time not up, in the timeline's order."""
    rows = data.get("rows", [])
    if len(rows) <= MAX_ROWS:
        return rows, 0
    keep = sorted(rows[1:], key=_bad_time, reverse=True)[: MAX_ROWS - 1]
    kept = [rows[0]] + [r for r in rows[1:] if r in keep]
    return kept, len(rows) - len(kept)


def _focus(data, rows):
    """(start, end, label) of the window to zoom into, or None when nothing happened."""
    outages = [o for o in data.get("outages", []) if o["end_s"] > o["start_s"]]
    if outages:
        worst = max(outages, key=lambda o: (not o["planned"], o["end_s"] - o["start_s"]))
        start, end = worst["start_s"], worst["end_s"]
        label = f"the longest outage of the service ({format_duration(end - start)})"
    else:
        spans = [s for r in rows for s in r["spans"] if s["state"] != "up"]
        if not spans:
            return None
        worst = max(spans, key=lambda s: s["end_s"] - s["start_s"])
        start, end = worst["start_s"], worst["end_s"]
        label = f"the longest incident ({format_duration(end - start)}; the service stayed up)"
    # Widen to every incident overlapping it, so the failover that ended it shows in full.
    for row in rows:
        for s in row["spans"]:
            if s["state"] != "up" and s["start_s"] <= end and s["end_s"] >= start:
                start, end = min(start, s["start_s"]), max(end, s["end_s"])
    pad = max((end - start) * 0.08, 1.0)
    return max(0.0, start - pad), end + pad, label


def _time_unit(span_s):
    for unit, seconds in (("s", 1.0), ("min", 60.0), ("h", 3600.0)):
        if span_s <= 180 * seconds:
            return unit, seconds
    return "days", DAY


def _draw_rows(ax, rows, lo, hi, scale, min_width):
    for y, row in enumerate(rows):
        ax.broken_barh([(lo / scale, (hi - lo) / scale)], (y - 0.4, 0.8),
                       facecolors=STATE_COLORS["up"], zorder=1)
        bars, colors = [], []
        for s in row["spans"]:
            if s["state"] == "up" or s["end_s"] < lo or s["start_s"] > hi:
                continue
            start = max(s["start_s"], lo) / scale
            width = max((min(s["end_s"], hi) - max(s["start_s"], lo)) / scale, min_width)
            bars.append((start, width))
            colors.append(STATE_COLORS.get(s["state"], COLORS["neutral"]))
        if bars:
            ax.broken_barh(bars, (y - 0.4, 0.8), facecolors=colors, zorder=2)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([f"{r['name']} ({r['kind']})" for r in rows])
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.grid(axis="y", visible=False)


def gantt_figure(data):
    apply_style()
    rows, left_out = _rows(data)
    focus = _focus(data, rows)
    height = 0.42 * len(rows) + 1.6
    panels = 2 if focus else 1
    fig, axes = plt.subplots(panels, 1, figsize=(13, height * panels + 1.4), squeeze=False)
    end = data.get("end_s", data.get("horizon_s", DAY))
    outcome = data.get("outcome", {})
    scenario = data.get("scenario", {}).get("name", "")
    chosen = data.get("chosen_by", {})
    why = f", the worst by {chosen['worst']}" if "worst" in chosen else ""
    fig.suptitle(f"{scenario}: trial {data.get('trial')}{why}", x=0.01, ha="left",
                 fontsize=17, fontweight="bold")

    whole = axes[0][0]
    _draw_rows(whole, rows, 0.0, end, DAY, min_width=end / DAY * 0.004)
    whole.set_xlim(0, end / DAY)
    whole.set_xlabel("time into the simulated period (days)")
    summary = (f"availability {format_percent(outcome.get('availability'))}, downtime "
               f"{format_duration(outcome.get('downtime_s', 0.0))}, "
               f"{outcome.get('outages', 0)} outage(s)")
    whole.set_title(f"The whole period: {summary}", loc="left", fontsize=14)
    if data.get("horizon_s") and end > data["horizon_s"]:
        whole.axvline(data["horizon_s"] / DAY, color=COLORS["neutral"], linestyle=":",
                      linewidth=1.5, zorder=3)
    if focus:
        lo, hi, label = focus
        whole.axvspan(lo / DAY, hi / DAY, color=COLORS["neutral"], alpha=0.15, zorder=0)
        zoom = axes[1][0]
        unit, scale = _time_unit(hi - lo)
        origin = lo
        shifted = [dict(r, spans=[dict(s, start_s=s["start_s"] - origin, end_s=s["end_s"] - origin)
                                  for s in r["spans"]]) for r in rows]
        _draw_rows(zoom, shifted, 0.0, hi - lo, scale, min_width=0.0)
        zoom.set_xlim(0, (hi - lo) / scale)
        names = {r["name"]: y for y, r in enumerate(rows)}
        for e in data.get("events", []):
            row = e.get("row", e.get("element"))
            if lo <= e["time_s"] <= hi and row in names:
                zoom.plot([(e["time_s"] - origin) / scale], [names[row]], marker="|",
                          markersize=16, markeredgewidth=2, color="#000000", zorder=4)
        day, rest = divmod(lo, DAY)
        zoom.set_xlabel(f"{unit} from day {int(day)} "
                        f"{int(rest // 3600):02d}:{int(rest % 3600 // 60):02d} "
                        f"(| marks an event)")
        zoom.set_title(f"Zoomed into {label}", loc="left", fontsize=14)
    present = []
    for row in rows:
        for s in row["spans"]:
            if s["state"] not in present:
                present.append(s["state"])
    order = [s for s in STATE_COLORS if s in present] + [s for s in present if s not in STATE_COLORS]
    handles = [Patch(facecolor=STATE_COLORS.get(s, COLORS["neutral"]), label=STATE_LABELS.get(s, s))
               for s in order]
    note = []
    if left_out:
        note.append(f"{left_out} more rows not shown")
    if data.get("steady_rows"):
        note.append(f"{data['steady_rows']} elements stayed up throughout")
    fig.legend(handles=handles, loc="lower left", ncol=min(4, len(handles)), fontsize=11,
               title="; ".join(note) or None, title_fontsize=11, bbox_to_anchor=(0.01, 0.0))
    # Room in inches for the legend below and the title above, whatever the figure's height.
    legend_in = 0.75 + 0.3 * ((len(handles) - 1) // 4)
    fig_h = fig.get_size_inches()[1]
    fig.tight_layout(rect=(0, legend_in / fig_h, 1, 1 - 0.45 / fig_h))
    return fig


def write_gantt(timeline_path, out_path):
    """Writes the chart as PNG or SVG, by the extension of out_path."""
    fmt = os.path.splitext(out_path)[1].lower().lstrip(".")
    if fmt not in ("png", "svg"):
        raise OSError(f"{out_path}: the chart file must end in .png or .svg")
    fig = gantt_figure(load_timeline(timeline_path))
    directory = os.path.dirname(os.path.abspath(out_path))
    temporary = os.path.join(directory, f".{os.path.basename(out_path)}.{os.getpid()}.tmp")
    try:
        fig.savefig(temporary, format=fmt)
        os.replace(temporary, out_path)
    finally:
        plt.close(fig)
        if os.path.exists(temporary):
            os.remove(temporary)
    return out_path
