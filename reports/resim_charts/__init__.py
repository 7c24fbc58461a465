"""resim_charts: charts, HTML and Markdown reports from resim's results JSON.

    from resim_charts import load_results, charts
    results = load_results("results.json")
    charts.rto_cdf(results).savefig("rto.png")

Runs on Debian's python3-matplotlib and python3-pandas (through /usr/bin/python3). Every reader
is defensive: a key that is absent (an older results file, or a feature the scenario does not
use) makes its chart absent, never an error.
"""

from .results import Results, load_results, load_csv
from .style import apply_style, format_duration

__all__ = ["Results", "load_results", "load_csv", "apply_style", "format_duration"]
