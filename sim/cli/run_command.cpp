// resim run: simulate a scenario and report availability, outages and targets.
#include <iostream>
#include <memory>

#include "models/topology.h"
#include "reports/json_report.h"
#include "reports/output_file.h"
#include "reports/terminal_report.h"
#include "sim/cli/commands.h"
#include "sim/cli/exit_codes.h"
#include "sim/cli/scenario_options.h"
#include "sim/results.h"

namespace resim::cli {

namespace {

struct RunArguments {
  std::string scenario;
  SimulationFlags flags;
  std::string json_path;
  bool check = false;
};

int run(const RunArguments& args) {
  const Topology topology(load(args.scenario));
  const RunOptions options = run_options(args.flags, topology.scenario());
  Results results = summarize(topology, options, run_trials(topology, options));
  compare_with_exact(results, topology);
  if (!args.json_path.empty())
    write_file_atomically(args.json_path, results_to_json(results).dump(2) + "\n");
  if (!args.flags.quiet) print_summary(std::cout, results);
  return args.check && !results.all_targets_met() ? EXIT_TARGET_MISSED : EXIT_OK;
}

}  // namespace

void add_run_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<RunArguments>();
  CLI::App* cmd =
      app.add_subcommand("run", "Simulate a scenario and report availability, outages and targets");
  cmd->footer(
      "Examples:\n"
      "  resim run                                   # the embedded default scenario\n"
      "  resim run scenarios/two-region-active-active.json --trials 20000 --json out.json\n"
      "  resim run my.json --check                   # exit code 1 when a target is missed (for "
      "CI)");
  cmd->add_option("scenario", args->scenario,
                  "Scenario file (JSON); omitted: the embedded default, three-zone-web");
  add_simulation_flags(*cmd, args->flags);
  cmd->add_option("--json", args->json_path,
                  "Also write the results as JSON to this file (docs/results-format.md). Example: "
                  "--json results.json");
  cmd->add_flag("--check", args->check,
                "Exit with code 1 when any target in the scenario is missed");
  cmd->callback([args, &exit_code] { exit_code = run(*args); });
}

}  // namespace resim::cli
