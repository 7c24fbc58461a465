// resim report: an HTML report, a Markdown summary and every chart as PNG and SVG, drawn from a
// results JSON by the Python package reports/resim_charts.
#include <filesystem>
#include <iostream>
#include <memory>

#include "reports/chart_renderer.h"
#include "sim/cli/commands.h"
#include "sim/cli/exit_codes.h"
#include "sim/cli/output.h"
#include "sim/cli/processes.h"
#include "sim/cli/scenario_options.h"

namespace resim::cli {

namespace {

struct ReportArguments {
  std::string results;
  std::string out_dir;
  ChartRendererOptions renderer;
};

}  // namespace

int write_report_into(const std::string& dir, const std::string& json_path, const std::string& json,
                      const std::string& json_name, const ChartRendererOptions& renderer) {
  if (!is_root_process()) return EXIT_OK;  // mpirun: rank 0 writes
  std::filesystem::create_directories(dir);
  std::string path = json_path;
  if (path.empty() || path == STDOUT_PATH) {
    path = (std::filesystem::path(dir) / json_name).string();
    write_output(path, json);
  }
  std::cout << std::flush;  // the summary before the chart package's own line
  return render_report(path, dir, renderer);
}

void add_report_options(CLI::App& command, ChartRendererOptions& renderer) {
  command
      .add_option("--top", renderer.top_causes,
                  "Causes listed one by one in the summary and the report before the rest is "
                  "summed (default 10). Example: --top 5")
      ->check(CLI::PositiveNumber);
  add_python_option(command, renderer);
}

void add_python_option(CLI::App& command, ChartRendererOptions& renderer) {
  command.add_option("--python", renderer.python,
                     "Python 3 with matplotlib and pandas (default: $RESIM_PYTHON, else "
                     "/usr/bin/python3). Example: --python /usr/bin/python3");
}

void add_report_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ReportArguments>();
  CLI::App* cmd = app.add_subcommand(
      "report", "Charts (PNG and SVG), an HTML report and a Markdown summary from results JSON");
  cmd->footer(
      "Needs Python 3 with Debian's python3-matplotlib and python3-pandas; exit code 2 (saying "
      "what to install) without them.\n"
      "Examples:\n"
      "  resim run my.json --json results.json && resim report results.json --out report/\n"
      "  resim run my.json --report report/          # the same in one step");
  cmd->add_option("results", args->results, "Results JSON written by 'resim run --json'")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--out", args->out_dir,
                  "Directory for report.html, summary.md and the charts. Example: --out report/")
      ->required();
  add_report_options(*cmd, args->renderer);
  check_output_paths(*cmd, {}, {"--out"});
  cmd->callback([args, &exit_code] {
    exit_code = render_report(args->results, args->out_dir, args->renderer);
  });
}

}  // namespace resim::cli
