"""One slide-readable style for every chart: large fonts, titles, units, target lines."""

import math

import matplotlib

matplotlib.use("Agg")  # headless: reports are written by a command, never shown

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter, NullFormatter  # noqa: E402

# Colour-blind-safe (Okabe-Ito): one colour per role, the same in every chart.
COLORS = {
    "primary": "#0072B2",
    "secondary": "#E69F00",
    "good": "#009E73",
    "bad": "#D55E00",
    "neutral": "#7F7F7F",
    "target": "#CC0000",
}
SERIES = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
KIND_COLORS = {
    "component": "#0072B2",
    "zone": "#E69F00",
    "region": "#D55E00",
    "failover": "#CC79A7",
    "dataset": "#009E73",
    "other": "#7F7F7F",
}
FIGSIZE = (10, 5.6)  # 16:9, readable when pasted into a slide at full width


def apply_style():
    plt.rcParams.update(
        {
            "figure.figsize": FIGSIZE,
            "figure.dpi": 100,
            "savefig.dpi": 150,
            "savefig.bbox": "tight",
            "font.size": 13,
            "axes.titlesize": 16,
            "axes.titleweight": "bold",
            "axes.labelsize": 14,
            "xtick.labelsize": 12,
            "ytick.labelsize": 12,
            "legend.fontsize": 12,
            "legend.frameon": False,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "lines.linewidth": 2.4,
            "svg.fonttype": "none",  # text stays text in SVG: searchable, editable
            "axes.prop_cycle": matplotlib.cycler(color=SERIES),
        }
    )


def format_duration(seconds):
    """Human duration, about three significant figures, the unit chosen by size:
    0.25 -> '250ms', 46.6 -> '46.6s', 1128 -> '18m 48s', 94680 -> '26h 18m', 1.08e6 -> '12.5d'."""
    if seconds is None or (isinstance(seconds, float) and math.isnan(seconds)):
        return "–"
    if seconds < 0:
        return "-" + format_duration(-seconds)
    if seconds == 0:
        return "0s"
    if seconds < 1:
        return f"{seconds * 1000:.3g}ms"
    if seconds < 59.95:
        return f"{seconds:.3g}s"
    if seconds < 3600 - 0.5:
        return _two_units(round(seconds), 60, "m", "s")
    if seconds < 72 * 3600:
        return _two_units(round(seconds / 60), 60, "h", "m")
    if seconds < 365 * 86400:
        return f"{seconds / 86400:.3g}d"
    return f"{seconds / (8760 * 3600):.3g}y"


def _two_units(count, per, big, small):
    major, minor = divmod(int(count), per)
    return f"{major}{big}" if minor == 0 else f"{major}{big} {minor}{small}"


def format_percent(share, digits=None):
    """An availability with two significant figures of its distance from 100 %:
    0.9999759 -> '99.9976%', 0.95 -> '95.0%'."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "–"
    if digits is None:
        gap = 1.0 - share
        digits = 1 if gap <= 0 else min(8, max(1, int(math.floor(-math.log10(gap) + 1e-9))))
    return f"{share * 100:.{digits}f}%"


def format_target_percent(share):
    """A target as written: 0.9999 -> '99.99%'."""
    return f"{share * 100:.10g}%"


def format_count(value):
    """Human count: 1.998e7 -> '20.0 million', 12345 -> '12,345', 113.1 -> '113'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if abs(value) >= 1e9:
        return f"{value / 1e9:.3g} billion"
    if abs(value) >= 1e6:
        return f"{value / 1e6:.3g} million"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"


# Ticks of a log duration axis at round human durations.
_NICE_TICKS = [
    0.001, 0.01, 0.1, 1, 10, 30, 60, 300, 900, 1800, 3600, 4 * 3600, 12 * 3600, 86400,
    3 * 86400, 7 * 86400, 30 * 86400, 365 * 86400,
]


def duration_axis(ax, axis="x", low=None, high=None):
    """A logarithmic axis in seconds labelled as human durations (30s, 5m, 1h, 1d)."""
    target = ax.xaxis if axis == "x" else ax.yaxis
    (ax.set_xscale if axis == "x" else ax.set_yscale)("log")
    lim = ax.get_xlim() if axis == "x" else ax.get_ylim()
    low = lim[0] if low is None else low
    high = lim[1] if high is None else high
    ticks = [t for t in _NICE_TICKS if low <= t <= high]
    # Keep at most ~8 labels so they stay readable at slide size.
    while len(ticks) > 8:
        ticks = ticks[::2]
    target.set_ticks(ticks)
    target.set_major_formatter(FuncFormatter(lambda v, _: format_duration(v)))
    target.set_minor_formatter(NullFormatter())
    (ax.set_xlim if axis == "x" else ax.set_ylim)(low, high)


def target_line(ax, value, label, axis="x", color=None):
    """A dashed target line with its label, the same in every chart."""
    color = color or COLORS["target"]
    if axis == "x":
        ax.axvline(value, color=color, linestyle="--", linewidth=2, label=label, zorder=3)
    else:
        ax.axhline(value, color=color, linestyle="--", linewidth=2, label=label, zorder=3)


def new_figure(title, figsize=None):
    apply_style()
    fig, ax = plt.subplots(figsize=figsize or FIGSIZE)
    ax.set_title(title, loc="left")
    return fig, ax
