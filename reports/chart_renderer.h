// Charts and HTML/Markdown reports are drawn by the Python package reports/resim_charts
// (matplotlib, pandas); this runs it. The interpreter and the package are located at run time
// so that a missing Python only affects `resim report` and `--report`, never a plain run.
#pragma once

#include <string>
#include <vector>

namespace resim {

struct ChartRendererOptions {
  std::string python;  // interpreter; empty: $RESIM_PYTHON, else /usr/bin/python3, else python3
  int top_causes = 10;
};

// Writes report.html, summary.md and every chart as PNG and SVG into `out_dir` from a results
// JSON file. Returns the process exit code: 0 on success, 2 when Python, matplotlib or pandas is
// missing (the message on stderr says which Debian package to install) or the report failed.
int render_report(const std::string& results_path, const std::string& out_dir,
                  const ChartRendererOptions& options);

// Renders a replayed trial's timeline JSON as a Gantt-style chart (PNG or SVG by extension).
int render_timeline_chart(const std::string& timeline_path, const std::string& chart_path,
                          const ChartRendererOptions& options);

// The interpreter render_report would use, and the directory holding resim_charts.
std::string locate_python(const std::string& requested);
std::string locate_chart_package();

}  // namespace resim
