"""resim_charts: charts, HTML and Markdown reports from resim's results JSON.

    from resim_charts import load_results, charts
    results = load_results("results.json")
    charts.rto_cdf(results).savefig("rto.png")

Runs on Debian's python3-matplotlib and python3-pandas (through /usr/bin/python3). Every reader
is defensive: a key that is absent (an older results file, or a feature the scenario does not
use) makes its chart absent, never an error. Importing the package itself needs neither
library, so `python3 -m resim_charts` can say which one is missing.
"""

_LAZY = {
    "Results": "results",
    "load_results": "results",
    "load_csv": "results",
    "apply_style": "style",
    "format_duration": "style",
    "write_report": "report",
}

__all__ = sorted(_LAZY)


def __getattr__(name):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
