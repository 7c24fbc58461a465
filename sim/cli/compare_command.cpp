// resim compare: designs side by side under common random numbers, with each one's paired
// difference to the first.
#include <iostream>
#include <memory>

#include "models/topology.h"
#include "reports/compare_report.h"
#include "sim/cli/commands.h"
#include "sim/cli/exit_codes.h"
#include "sim/cli/output.h"
#include "sim/cli/scenario_options.h"
#include "sim/comparison.h"

namespace resim::cli {

namespace {

struct CompareArguments {
  std::vector<std::string> scenarios;
  SimulationFlags flags;
  std::string json_path;
  std::string report_dir;
  ChartRendererOptions renderer;
};

int compare(const CompareArguments& args) {
  std::vector<std::unique_ptr<Topology>> topologies;
  std::vector<const Topology*> designs;
  for (const auto& path : args.scenarios) {
    topologies.push_back(std::make_unique<Topology>(load(path)));
    designs.push_back(topologies.back().get());
  }
  // The baseline's settings for all: trials pair only on one seed, horizon and trial count.
  const RunOptions options = run_options(args.flags, designs.front()->scenario());
  const Comparison comparison = compare_designs(designs, options);
  const std::string json = comparison_to_json(comparison).dump(2) + "\n";
  if (!args.json_path.empty()) write_output(args.json_path, json);
  if (!args.flags.quiet && args.json_path != STDOUT_PATH) print_comparison(std::cout, comparison);
  if (!args.report_dir.empty())
    return write_report_into(args.report_dir, args.json_path, json, "comparison.json",
                             args.renderer);
  return EXIT_OK;
}

}  // namespace

void add_compare_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<CompareArguments>();
  CLI::App* cmd = app.add_subcommand(
      "compare",
      "Compare designs on the same simulated trials: side by side, and each one's paired "
      "difference to the first with its confidence interval");
  cmd->footer(
      "Every design runs with the first one's settings (seed, trials, horizon) unless the options "
      "override them, so that trial t of each sees the same failures of the elements they "
      "share.\n"
      "Examples:\n"
      "  resim compare scenarios/single-zone-web.json scenarios/three-zone-web.json\n"
      "  resim compare a.json b.json c.json --trials 20000 --json comparison.json");
  cmd->add_option("scenarios", args->scenarios, "Scenario files; the first is the baseline")
      ->required()
      ->expected(2, -1);
  add_simulation_flags(*cmd, args->flags);
  cmd->add_option("--json", args->json_path,
                  "Also write the comparison as JSON to this file; '-' for standard output. "
                  "Example: --json comparison.json");
  cmd->add_option("--report", args->report_dir,
                  "Also write an HTML report, a Markdown summary and charts of the designs into "
                  "this directory (see 'resim report'). Example: --report report/");
  add_report_options(*cmd, args->renderer);
  check_output_paths(*cmd, {"--json"}, {"--report"});
  cmd->callback([args, &exit_code] { exit_code = compare(*args); });
}

}  // namespace resim::cli
