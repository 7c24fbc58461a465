"""Reading resim's results JSON (docs/results-format.md) and CSV exports into pandas.

The results format grows: every accessor reads keys defensively and returns an empty frame or
None when what it needs is absent, so a chart of a feature the run did not use is simply left
out.
"""

import json
import math
from pathlib import Path

import pandas as pd


def load_results(path):
    """Results of `resim run --json` (or compare/sweep output) from a file path or '-'."""
    path = Path(path)
    with path.open(encoding="utf-8") as f:
        return Results(json.load(f), source=path)


def load_csv(path):
    """A CSV export (per-trial figures, per-incident records) as a DataFrame."""
    return pd.read_csv(path)


DEFAULT_SET = "targets"


def _get(data, *keys, default=None):
    """data[k0][k1]... or default when any step is missing or of the wrong type."""
    for key in keys:
        if isinstance(data, dict) and key in data:
            data = data[key]
        elif isinstance(data, list) and isinstance(key, int) and -len(data) <= key < len(data):
            data = data[key]
        else:
            return default
    return data


def _first(data, keys, default=None):
    for key in keys:
        if isinstance(data, dict) and data.get(key) is not None:
            return data[key]
    return default


def quantile_frame(summary):
    """A duration or availability summary's `quantiles` table as columns level, value."""
    pairs = _get(summary, "quantiles", default=None)
    if not isinstance(pairs, list) or not pairs:
        return pd.DataFrame(columns=["level", "value"])
    frame = pd.DataFrame(
        [p[:2] for p in pairs if isinstance(p, list) and len(p) >= 2], columns=["level", "value"]
    )
    return frame.astype(float).sort_values("level").reset_index(drop=True)


def share_at_most(table, limit):
    """P(X <= limit) read off a quantile table by linear interpolation (None without a table)."""
    if table is None or table.empty:
        return None
    values, levels = table["value"].tolist(), table["level"].tolist()
    if limit < values[0]:
        return 0.0
    if limit >= values[-1]:
        return 1.0
    best = 0.0
    for i in range(1, len(values)):
        lo, hi = values[i - 1], values[i]
        if lo <= limit < hi:
            best = levels[i - 1] + (levels[i] - levels[i - 1]) * (limit - lo) / (hi - lo)
        elif limit >= hi:
            best = levels[i]
    return best


class Results:
    """One results file. `data` is the parsed JSON; accessors give pandas frames."""

    def __init__(self, data, source=None):
        self.data = data if isinstance(data, dict) else {}
        self.source = source

    # --- identity -------------------------------------------------------------------------
    @property
    def name(self):
        return _get(self.data, "scenario", "name", default=None) or (
            Path(self.source).stem if self.source else "resim results"
        )

    @property
    def service(self):
        return _get(self.data, "scenario", "service", default="")

    @property
    def trials(self):
        return _get(self.data, "run", "trials", default=None)

    @property
    def seed(self):
        return _get(self.data, "run", "seed", default=None)

    @property
    def horizon_s(self):
        return _get(self.data, "run", "horizon_s", default=None)

    def is_comparison(self):
        """compare / sweep output: several designs or points rather than one run."""
        return not self.designs().empty

    # --- headline figures --------------------------------------------------------------------
    def availability(self):
        return _get(self.data, "availability", default={}) or {}

    def availability_per_period(self):
        """Quantile table of per-period availability, and the period it is per."""
        per = _first(self.availability(), ["per_period", "per_horizon"], default={})
        return quantile_frame(per), _get(per, "period", default=None)

    def downtime_per_period(self):
        down = _first(self.data, ["downtime_per_period_s", "downtime_per_year_s"], default={})
        return quantile_frame(down)

    def downtime_per_year(self):
        return _get(self.data, "downtime_per_year_s", default={}) or {}

    def outage_durations(self):
        """Unplanned outage durations (the RTO per incident): summary dict and quantile table."""
        summary = _get(self.data, "outages", "duration_s", default={}) or {}
        return summary, quantile_frame(summary)

    def outage_count(self):
        return _get(self.data, "outages", "count", default=None)

    # --- targets -----------------------------------------------------------------------------
    def targets(self):
        """Every target judged, one row each: set (tier), on, kind, period, target, achieved,
        verdict (met / missed / inconclusive), probability that a period meets it and its CI."""
        rows = []
        sets = _first(self.data, ["target_sets", "tiers"], default=None)
        if isinstance(sets, list):
            for s in sets:
                for t in _get(s, "targets", default=[]) or []:
                    rows.append(self._target_row(t, s))
        if not rows:
            for t in _get(self.data, "targets", default=[]) or []:
                rows.append(self._target_row(t, None))
        columns = [
            "set", "on", "kind", "period", "target", "achieved", "share_within", "verdict",
            "probability", "probability_low", "probability_high", "detail",
        ]
        return pd.DataFrame(rows, columns=columns)

    @staticmethod
    def _target_row(t, target_set):
        kind = _first(t, ["kind", "name"], default="?")
        if "verdict" in t and isinstance(t["verdict"], str):
            verdict = t["verdict"]
        else:
            verdict = "met" if t.get("met") else "missed"
            if t.get("conclusive") is False:
                verdict = "inconclusive"
        prob_ci = _first(t, ["period_probability_ci95", "year_probability_ci95"], default=[None, None])
        name = _first(t, ["set", "tier"], default=_get(target_set, "name", default="")) or ""
        return {
            # "targets" is the set resim gives a scenario's plain `targets`: no tier to name.
            "set": "" if name == DEFAULT_SET else name,
            "on": _first(t, ["on", "scope", "element"], default="") or "",
            "kind": kind,
            "period": _first(t, ["period"], default=_get(target_set, "period", default="year")),
            "target": _first(t, ["target", "target_s"]),
            "achieved": _first(t, ["achieved", "achieved_s"]),
            "share_within": t.get("share_within"),
            "verdict": verdict,
            "probability": _first(t, ["period_probability", "year_probability"]),
            "probability_low": prob_ci[0] if prob_ci else None,
            "probability_high": prob_ci[1] if prob_ci else None,
            "detail": t.get("detail", ""),
        }

    def targets_of_kind(self, kind):
        frame = self.targets()
        return frame[frame["kind"] == kind]

    def design_results(self):
        """compare / sweep: [(label, Results)] of every design or point, in order."""
        entries = _first(self.data, ["designs", "points"], default=None)
        if not isinstance(entries, list):
            return []
        labels = list(self.designs()["design"]) if not self.designs().empty else []
        out = []
        for i, e in enumerate(e for e in entries if isinstance(e, dict)):
            out.append((labels[i] if i < len(labels) else f"#{i + 1}", Results(e.get("results", e))))
        return out

    def verdict(self):
        """(status, sentence): status is 'met', 'missed', 'inconclusive' or 'none'. For compare
        and sweep output, the worst over the designs, each design's verdict in the sentence."""
        designs = self.design_results()
        if designs:
            verdicts = [(label, *r.verdict()) for label, r in designs]
            order = ["missed", "inconclusive", "met", "none"]
            judged = [v for v in verdicts if v[1] != "none"]
            if not judged:
                return "none", "No targets are set in these designs: figures only, no verdict."
            status = min((v[1] for v in judged), key=order.index)
            return status, " ".join(f"{label}: {sentence}" for label, _, sentence in verdicts)
        frame = self.targets()
        if frame.empty:
            return "none", "No targets are set in this scenario: figures only, no verdict."
        missed = frame[frame["verdict"] == "missed"]
        unsure = frame[frame["verdict"] == "inconclusive"]
        n = len(frame)

        def names(rows):
            return ", ".join(_target_label(r) for _, r in rows.iterrows())

        if not missed.empty:
            return "missed", f"{len(missed)} of {n} targets MISSED: {names(missed)}."
        if not unsure.empty:
            return (
                "inconclusive",
                f"No target missed, but {len(unsure)} of {n} INCONCLUSIVE (more trials needed): "
                f"{names(unsure)}.",
            )
        return "met", f"All {n} targets MET: {names(frame)}."

    # --- attribution ---------------------------------------------------------------------------
    def causes(self):
        rows = []
        for c in _get(self.data, "causes", default=[]) or []:
            d = _get(c, "outages", "duration_s", default={}) or {}
            rows.append(
                {
                    "name": c.get("name", "?"),
                    "kind": c.get("kind", "other"),
                    "downtime_share": c.get("downtime_share", 0.0),
                    "downtime_per_year_s": c.get("downtime_per_year_s", 0.0),
                    "outages_per_year": _get(c, "outages", "per_year", default=None),
                    "count": _get(c, "outages", "count", default=None),
                    "p50_s": d.get("p50"),
                    "p95_s": d.get("p95"),
                    "p99_s": d.get("p99"),
                    "max_s": d.get("max"),
                }
            )
        return pd.DataFrame(
            rows,
            columns=["name", "kind", "downtime_share", "downtime_per_year_s", "outages_per_year",
                     "count", "p50_s", "p95_s", "p99_s", "max_s"],
        )

    def failovers(self):
        rows = []
        for f in _get(self.data, "failovers", default=[]) or []:
            rows.append(
                {
                    "name": f.get("name", "?"),
                    "incidents": f.get("incidents"),
                    "promotions": f.get("promotions"),
                    "incidents_per_year": _first(f, ["incidents_per_year", "incidents_per_period"]),
                    "rto": f.get("rto_s") or {},
                    "rpo": f.get("rpo_s") or {},
                    "rto_quantiles": quantile_frame(f.get("rto_s")),
                    "rpo_quantiles": quantile_frame(f.get("rpo_s")),
                    "data_lost_per_year_s": f.get("data_lost_per_year_s"),
                    "transactions_lost_per_year": f.get("transactions_lost_per_year"),
                    "ended_by": f.get("ended_by") or f.get("rto_by_end") or {},
                }
            )
        return rows

    def disruption_matrix(self):
        """RTO / RPO per disruption kind: rows (kind or cause) × p50, p95, p99, max.

        Uses `disruptions` (per kind, where the DR results provide it) or else the causes,
        grouped by kind."""
        rows = []
        for d in _first(self.data, ["disruptions", "disruption_kinds"], default=[]) or []:
            for metric in ("rto", "rpo"):
                s = _first(d, [f"{metric}_s", metric], default=None)
                if isinstance(s, dict):
                    rows.append(_matrix_row(d.get("kind") or d.get("name", "?"), metric, s,
                                            _first(d, ["count", "incidents"])))
        for ds in _get(self.data, "datasets", default=[]) or []:
            for k in _first(ds, ["by_kind", "kinds", "incidents"], default=[]) or []:
                if not isinstance(k, dict):
                    continue
                label = f"{ds.get('name', '?')}: {k.get('kind', '?')}"
                for metric in ("rto", "rpo"):
                    s = _first(k, [f"{metric}_s", metric], default=None)
                    if isinstance(s, dict):
                        rows.append(_matrix_row(label, metric, s, _first(k, ["count", "incidents"])))
        if not rows:
            for c in _get(self.data, "causes", default=[]) or []:
                s = _get(c, "outages", "duration_s", default=None)
                if isinstance(s, dict):
                    rows.append(_matrix_row(f"{c.get('name', '?')} ({c.get('kind', '?')})",
                                            "rto", s, _get(c, "outages", "count")))
        return pd.DataFrame(rows, columns=["row", "metric", "p50", "p95", "p99", "max", "count"])

    def runbook_steps(self):
        """RTO by runbook step where the results carry it: rows name, mean_s, p95_s, share."""
        rows = []
        for f in (_get(self.data, "runbooks", default=[]) or []) + (
            _get(self.data, "failovers", default=[]) or []
        ):
            for step in _first(f, ["runbook_steps", "steps"], default=[]) or []:
                if not isinstance(step, dict):
                    continue
                d = _first(step, ["duration_s", "time_s"], default={}) or {}
                rows.append(
                    {
                        "runbook": f.get("name", ""),
                        "step": step.get("name", "?"),
                        "mean_s": d.get("mean", step.get("mean_s")),
                        "p95_s": d.get("p95", step.get("p95_s")),
                        "share": _first(step, ["share", "mean_share"]),
                    }
                )
        return pd.DataFrame(rows, columns=["runbook", "step", "mean_s", "p95_s", "share"])

    def warnings(self):
        return [w for w in _get(self.data, "warnings", default=[]) or [] if isinstance(w, str)]

    # --- compare / sweep -----------------------------------------------------------------------
    def designs(self):
        """compare / sweep: one row per design or point with each metric's mean and interval,
        the cost where given. Reads `designs` or `points` lists of results-like objects."""
        entries = _first(self.data, ["designs", "points"], default=None)
        if not isinstance(entries, list):
            return pd.DataFrame()
        rows = []
        for i, e in enumerate(entries):
            if not isinstance(e, dict):
                continue
            inner = e.get("results", e)
            label = (
                e.get("label") or e.get("name") or _get(inner, "scenario", "name") or
                _label_of_settings(e.get("set") or e.get("parameters")) or f"#{i + 1}"
            )
            row = {"design": str(label)}
            for key, path in _DESIGN_METRICS.items():
                value = _get(inner, *path)
                if isinstance(value, dict):
                    row[key] = value.get("mean")
                    ci = value.get("ci95") or [None, None]
                    row[key + "_low"], row[key + "_high"] = ci[0], ci[1]
                elif isinstance(value, (int, float)):
                    row[key] = value
            cost = _first(inner, ["cost"], default=None)
            if isinstance(cost, dict):
                total = _first(cost, ["total_per_year", "total"], default=None)
                if isinstance(total, dict):
                    row["cost"] = total.get("mean")
                    ci = total.get("ci95") or [None, None]
                    row["cost_low"], row["cost_high"] = ci[0], ci[1]
                elif isinstance(total, (int, float)):
                    row["cost"] = total
            for key in ("value", "values", "parameters", "set"):
                if key in e and not isinstance(e[key], (dict, list)):
                    row["parameter"] = e[key]
            rows.append(row)
        return pd.DataFrame(rows)

    def parameter_name(self):
        names = _first(self.data, ["parameter", "parameters", "pointer", "pointers"], default=None)
        if isinstance(names, list):
            return ", ".join(str(n) for n in names)
        return names


_DESIGN_METRICS = {
    "availability": ("availability",),
    "downtime_per_year_s": ("downtime_per_year_s",),
    "outages_per_year": ("outages", "per_year"),
    "rto_p99_s": ("outages", "duration_s", "p99"),
    "rto_p50_s": ("outages", "duration_s", "p50"),
}


def _label_of_settings(settings):
    if isinstance(settings, dict):
        return ", ".join(f"{k}={v}" for k, v in settings.items())
    return None


def _matrix_row(label, metric, summary, count):
    return {
        "row": label,
        "metric": metric,
        "p50": summary.get("p50"),
        "p95": summary.get("p95"),
        "p99": summary.get("p99"),
        "max": summary.get("max"),
        "count": count,
    }


def _target_label(row):
    from .style import format_duration, format_target_percent

    prefix = f"{row['set']}: " if row["set"] else ""
    on = f" on {row['on']}" if row["on"] else ""
    target = row["target"]
    if row["kind"] == "availability":
        what = f"availability ≥ {format_target_percent(target)}" if target is not None else "availability"
    elif target is not None and not (isinstance(target, float) and math.isnan(target)):
        what = f"{row['kind']} ≤ {format_duration(target)}"
    else:
        what = str(row["kind"])
    return f"{prefix}{what}{on}"
