"""`resim report`: a self-contained HTML report and a Markdown summary, every chart beside them as
PNG and SVG, from one results JSON."""

import base64
import html
import io
import os
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt

from . import charts
from .style import format_count, format_duration, format_percent, format_target_percent

VERDICT_WORDS = {
    "met": "ALL TARGETS MET",
    "missed": "TARGET MISSED",
    "inconclusive": "INCONCLUSIVE",
    "none": "NO TARGETS",
}


def _write_atomically(path, data):
    """Write through a temporary file and rename, so a reader never sees a partial file."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix="." + path.name + ".")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def render_charts(results, out_dir, top=10):
    """Draws every chart the results support; returns [(stem, caption, png bytes)]."""
    out = []
    for stem, caption, draw in charts.CHARTS:
        fig = draw(results, top=top) if draw is charts.causes_bar else draw(results)
        if fig is None:
            continue
        png = io.BytesIO()
        fig.savefig(png, format="png")
        svg = io.BytesIO()
        fig.savefig(svg, format="svg")
        plt.close(fig)
        _write_atomically(Path(out_dir) / f"{stem}.png", png.getvalue())
        _write_atomically(Path(out_dir) / f"{stem}.svg", svg.getvalue())
        out.append((stem, caption, png.getvalue()))
    return out


def headline(results):
    """[(label, value)] of the figures a reader wants first."""
    rows = []
    a = results.availability()
    if a.get("mean") is not None:
        ci = a.get("ci95") or [None, None]
        value = format_percent(a["mean"])
        if ci[0] is not None:
            value += f" (95% CI {format_percent(ci[0])} – {format_percent(min(1.0, ci[1]))})"
        if a.get("nines") is not None:
            value += f", {a['nines']:.2f} nines"
        rows.append(("Availability", value))
    d = results.downtime_per_year()
    if d.get("mean") is not None:
        ci = d.get("ci95") or [None, None]
        value = format_duration(d["mean"])
        if ci[0] is not None:
            value += f" (95% CI {format_duration(max(0.0, ci[0]))} – {format_duration(ci[1])})"
        rows.append(("Downtime per year", value))
    count = results.outage_count()
    summary, _ = results.outage_durations()
    if count == 0:
        rows.append(("Outages", "none observed"))
    elif summary:
        per_year = results.data.get("outages", {}).get("per_year", {}).get("mean")
        value = f"{format_count(count)} outages"
        if per_year is not None:
            value += f" ({per_year:.3g} per year)"
        value += (f"; duration p50 {format_duration(summary.get('p50'))}, "
                  f"p95 {format_duration(summary.get('p95'))}, "
                  f"p99 {format_duration(summary.get('p99'))}, max {format_duration(summary.get('max'))}")
        rows.append(("Outages (RTO per incident)", value))
    cap = results.data.get("capacity")
    if isinstance(cap, dict) and isinstance(cap.get("served_fraction"), dict):
        rows.append(("Demand served", format_percent(cap["served_fraction"].get("mean"))))
    for f in results.failovers():
        if f.get("transactions_lost_per_year"):
            rows.append((f"Data lost per year ({f['name']})",
                         f"{format_duration(f['data_lost_per_year_s'])} of writes, "
                         f"{format_count(f['transactions_lost_per_year'])} transactions"))
    if results.trials is not None:
        rows.append(("Run", f"{format_count(results.trials)} trials × "
                            f"{format_duration(results.horizon_s or 0)}, seed {results.seed}"))
    return rows


def _target_cells(row):
    if row["kind"] == "availability":
        target = format_target_percent(row["target"]) if row["target"] is not None else "–"
        achieved = format_percent(row["achieved"]) if row["achieved"] is not None else "–"
    else:
        target = format_duration(row["target"]) if row["target"] is not None else "–"
        achieved = format_duration(row["achieved"]) if row["achieved"] is not None else "–"
    p = row["probability"]
    prob = "–" if p is None else f"{p * 100:.1f}%"
    if p is not None and row["probability_low"] is not None:
        prob += f" ({row['probability_low'] * 100:.1f}–{row['probability_high'] * 100:.1f}%)"
    return [row["set"] or "–", row["on"] or "service", row["kind"], target, achieved,
            row["verdict"].upper(), prob, row["detail"]]


TARGET_HEADER = ["tier / set", "on", "target", "limit", "achieved", "verdict",
                 "periods meeting it (95% CI)", "detail"]


def _cause_rows(results, top):
    frame = results.causes()
    rows = []
    for _, c in frame.head(top).iterrows():
        rows.append([c["name"], c["kind"], f"{c['downtime_share'] * 100:.1f}%",
                     format_duration(c["downtime_per_year_s"]),
                     "–" if c["outages_per_year"] is None else f"{c['outages_per_year']:.3g}",
                     format_duration(c["p50_s"]), format_duration(c["p95_s"])])
    rest = frame.iloc[top:]
    if not rest.empty:
        rows.append([f"{len(rest)} others", "", f"{rest['downtime_share'].sum() * 100:.1f}%",
                     format_duration(rest["downtime_per_year_s"].sum()),
                     f"{rest['outages_per_year'].fillna(0).sum():.3g}", "", ""])
    return rows


CAUSE_HEADER = ["cause", "kind", "share", "downtime/yr", "outages/yr", "p50 outage", "p95 outage"]


def _failover_rows(results):
    rows = []
    for f in results.failovers():
        ended = f.get("ended_by") or {}
        rows.append([f["name"],
                     "–" if f["incidents_per_year"] is None else f"{f['incidents_per_year']:.3g}",
                     format_duration(f["rto"].get("p50")), format_duration(f["rto"].get("p99")),
                     _ended(ended.get("promotion")), _ended(ended.get("return")),
                     format_duration(f["rpo"].get("p50")), format_duration(f["rpo"].get("p99"))])
    return rows


FAILOVER_HEADER = ["group", "incidents/yr", "RTO p50", "RTO p99", "ended by promotion",
                   "ended by the member's return", "RPO p50", "RPO p99"]


def _ended(summary):
    """'587, p99 1m 16s' for one way incidents ended."""
    if not isinstance(summary, dict) or not summary.get("count"):
        return "–"
    return f"{summary['count']}, p99 {format_duration(summary.get('p99'))}"


def _designs_rows(results):
    frame = results.designs()
    rows = []
    for _, d in frame.iterrows():
        cells = [str(d["design"])]
        cells.append(format_percent(d["availability"]) if "availability" in d and d["availability"] == d["availability"] else "–")
        cells.append(format_duration(d["downtime_per_year_s"]) if "downtime_per_year_s" in d else "–")
        cells.append(format_duration(d["rto_p99_s"]) if "rto_p99_s" in d and d["rto_p99_s"] == d["rto_p99_s"] else "–")
        cells.append(format_count(d["cost"]) if "cost" in d and d["cost"] == d["cost"] else "–")
        rows.append(cells)
    return rows


DESIGN_HEADER = ["design", "availability", "downtime/yr", "RTO p99", "cost/yr"]


# --- Markdown --------------------------------------------------------------------------------

def _md_table(header, rows):
    def cell(v):
        return str(v).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in r) + " |" for r in rows]
    return "\n".join(lines)


def markdown(results, rendered, top=10):
    status, sentence = results.verdict()
    out = [f"# {results.name}: {VERDICT_WORDS[status]}", "", f"**Verdict:** {sentence}", ""]
    out += [f"- **{label}:** {value}" for label, value in headline(results)]
    targets = results.targets()
    if not targets.empty:
        out += ["", "## Targets", "", _md_table(TARGET_HEADER[:-1],
                                                [_target_cells(r)[:-1] for _, r in targets.iterrows()])]
    if results.is_comparison():
        out += ["", "## Designs", "", _md_table(DESIGN_HEADER, _designs_rows(results))]
    causes = _cause_rows(results, top)
    if causes:
        out += ["", "## Where the downtime comes from", "", _md_table(CAUSE_HEADER, causes)]
    failovers = _failover_rows(results)
    if failovers:
        out += ["", "## Failover groups", "", _md_table(FAILOVER_HEADER, failovers)]
    if rendered:
        out += ["", "## Charts", ""]
        for stem, caption, _ in rendered:
            out += [f"![{caption}]({stem}.png)", "", f"*{caption}* ([SVG]({stem}.svg))", ""]
    warnings = results.warnings()
    if warnings:
        out += ["", "## Warnings", ""] + [f"- {w}" for w in warnings]
    return "\n".join(out).rstrip() + "\n"


# --- HTML ------------------------------------------------------------------------------------

CSS = """
body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 2em auto; max-width: 1100px;
       color: #222; line-height: 1.4; padding: 0 1em; }
h1 { font-size: 1.8em; margin-bottom: 0.2em; }
.verdict { font-size: 1.3em; padding: 0.7em 1em; border-radius: 6px; margin: 0.8em 0; }
.verdict.met { background: #e3f4ec; border-left: 8px solid #009E73; }
.verdict.missed { background: #fbe6dc; border-left: 8px solid #D55E00; }
.verdict.inconclusive { background: #fdf2d9; border-left: 8px solid #E69F00; }
.verdict.none { background: #eee; border-left: 8px solid #7F7F7F; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.95em; }
th, td { border-bottom: 1px solid #ddd; padding: 0.3em 0.7em; text-align: left; vertical-align: top; }
th { background: #f4f4f4; }
td.MET { color: #007a58; font-weight: bold; } td.MISSED { color: #b34700; font-weight: bold; }
td.INCONCLUSIVE { color: #9a6a00; font-weight: bold; }
figure { margin: 1.5em 0; } figure img { max-width: 100%; border: 1px solid #eee; }
figcaption { color: #555; } .broken { color: #b34700; font-weight: bold; }
.warnings li { color: #8a5a00; }
"""

# Marks any chart that failed to load, visibly and in the DOM (the browser test reads it).
SCRIPT = """
window.addEventListener('load', function () {
  var images = document.querySelectorAll('img.chart'), ok = 0;
  images.forEach(function (img) {
    if (img.complete && img.naturalWidth > 0) { ok += 1; return; }
    var note = document.createElement('p');
    note.className = 'broken';
    note.textContent = 'This chart failed to load: ' + img.alt;
    img.parentNode.insertBefore(note, img);
  });
  document.body.setAttribute('data-charts-loaded', ok + '/' + images.length);
});
"""


def _html_table(header, rows, verdict_column=None):
    e = html.escape
    out = ["<table><tr>" + "".join(f"<th>{e(h)}</th>" for h in header) + "</tr>"]
    for r in rows:
        cells = []
        for i, v in enumerate(r):
            cls = f' class="{e(str(v))}"' if i == verdict_column else ""
            cells.append(f"<td{cls}>{e(str(v))}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def html_report(results, rendered, top=10):
    e = html.escape
    status, sentence = results.verdict()
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        f"<title>resim report: {e(results.name)}</title>",
        f"<style>{CSS}</style><script>{SCRIPT}</script></head><body>",
        f"<h1>resim report: {e(results.name)}</h1>",
        f'<div class="verdict {status}" id="verdict"><strong>{VERDICT_WORDS[status]}</strong> — '
        f"{e(sentence)}</div>",
        _html_table(["figure", "value"], headline(results)),
    ]
    targets = results.targets()
    if not targets.empty:
        parts += ["<h2>Targets</h2>",
                  _html_table(TARGET_HEADER, [_target_cells(r) for _, r in targets.iterrows()],
                              verdict_column=5)]
    if results.is_comparison():
        parts += ["<h2>Designs</h2>", _html_table(DESIGN_HEADER, _designs_rows(results))]
    causes = _cause_rows(results, top)
    if causes:
        parts += ["<h2>Where the downtime comes from</h2>", _html_table(CAUSE_HEADER, causes)]
    failovers = _failover_rows(results)
    if failovers:
        parts += ["<h2>Failover groups</h2>", _html_table(FAILOVER_HEADER, failovers)]
    if rendered:
        parts.append("<h2>Charts</h2>")
    for stem, caption, png in rendered:
        data = base64.b64encode(png).decode("ascii")
        parts.append(
            f'<figure id="{e(stem)}"><img class="chart" alt="{e(caption)}" '
            f'src="data:image/png;base64,{data}"><figcaption>{e(caption)} — '
            f'<a href="{e(stem)}.png">PNG</a> · <a href="{e(stem)}.svg">SVG</a></figcaption></figure>'
        )
    warnings = results.warnings()
    if warnings:
        parts += ['<h2>Warnings</h2><ul class="warnings">'] + [f"<li>{e(w)}</li>" for w in warnings] + ["</ul>"]
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def write_report(results, out_dir, top=10):
    """Writes report.html, summary.md and every chart as PNG and SVG into out_dir; returns the
    paths written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rendered = render_charts(results, out_dir, top=top)
    _write_atomically(out_dir / "report.html", html_report(results, rendered, top))
    _write_atomically(out_dir / "summary.md", markdown(results, rendered, top))
    written = [out_dir / "report.html", out_dir / "summary.md"]
    for stem, _, _ in rendered:
        written += [out_dir / f"{stem}.png", out_dir / f"{stem}.svg"]
    return written
