// resim: the command-line front end. Exit codes: 0 success, 1 a target missed under --check,
// 2 a bad scenario, bad arguments or an output that could not be written, 3 (analyze) no
// exact answer for this model.
#include <unistd.h>
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>
#include <optional>

#include "models/analysis.h"
#include "models/duration.h"
#include "models/scenario.h"
#include "models/scenario_error.h"
#include "models/topology.h"
#include "reports/analysis_report.h"
#include "reports/json_report.h"
#include "reports/output_file.h"
#include "reports/terminal_report.h"
#include "sim/default_scenario.h"
#include "sim/results.h"
#include "sim/runner.h"

namespace {

constexpr int EXIT_TARGET_MISSED = 1;
constexpr int EXIT_BAD_INPUT = 2;
constexpr int EXIT_NOT_ANALYSABLE = 3;
constexpr int TRANSIENT_POINTS = 12;

struct RunArguments {
  std::string scenario;
  std::optional<std::int64_t> trials;
  std::optional<std::int64_t> seed;
  std::optional<int> threads;
  std::string horizon;
  std::string json_path;
  bool check = false;
  bool quiet = false;
};

resim::Scenario load(const std::string& path) {
  if (path.empty())
    return resim::parse_scenario(resim::DEFAULT_SCENARIO_JSON, resim::DEFAULT_SCENARIO_NAME);
  return resim::load_scenario(path);
}

resim::RunOptions run_options(const RunArguments& args, const resim::Scenario& scenario) {
  resim::RunOptions options = resim::options_from(scenario.settings);
  if (args.trials) options.trials = *args.trials;
  if (args.seed) options.seed = static_cast<std::uint64_t>(*args.seed);
  if (args.threads) options.threads = *args.threads;
  if (!args.horizon.empty()) {
    const auto horizon = resim::parse_duration(args.horizon);
    if (!horizon || *horizon <= 0.0 || *horizon > resim::MAX_HORIZON_S)
      throw CLI::ValidationError(
          "--horizon", "'" + args.horizon + "' is not a duration up to 1000y; write e.g. 1y, 6w or 90d");
    options.horizon_s = *horizon;
  }
  options.progress = !args.quiet && ::isatty(STDERR_FILENO);
  return options;
}

int run(const RunArguments& args) {
  const resim::Topology topology(load(args.scenario));
  const resim::RunOptions options = run_options(args, topology.scenario());
  resim::Results results =
      resim::summarize(topology, options, resim::run_trials(topology, options));
  resim::compare_with_exact(results, topology);
  if (!args.json_path.empty())
    resim::write_file_atomically(args.json_path, resim::results_to_json(results).dump(2) + "\n");
  if (!args.quiet) resim::print_summary(std::cout, results);
  return args.check && !results.all_targets_met() ? EXIT_TARGET_MISSED : 0;
}

struct AnalyzeArguments {
  std::string scenario;
  std::string json_path;
};

// A(t) at evenly spaced times over the horizon, where the model is a small enough CTMC.
std::optional<resim::PointAvailability> transient(const resim::Topology& topology) {
  if (!resim::not_analysable_reasons(topology, resim::AnalysisMethod::MARKOV).empty())
    return std::nullopt;
  try {
    resim::PointAvailability points;
    for (int i = 1; i <= TRANSIENT_POINTS; ++i)
      points.times_s.push_back(topology.scenario().settings.horizon_s * i / TRANSIENT_POINTS);
    points.availability = resim::point_availability(topology, points.times_s);
    return points;
  } catch (const resim::AnalysisError&) {
    return std::nullopt;
  }
}

int analyze(const AnalyzeArguments& args) {
  const resim::Topology topology(load(args.scenario));
  const auto reasons = resim::not_analysable_reasons(topology, resim::AnalysisMethod::STEADY_STATE);
  if (!reasons.empty()) {
    std::cerr << "not analysable exactly (use 'resim run' to simulate it):\n";
    for (const auto& reason : reasons) std::cerr << "  - " << reason << "\n";
    return EXIT_NOT_ANALYSABLE;
  }
  resim::AnalysisResult result;
  try {
    result = resim::analyze_steady_state(topology);
  } catch (const resim::AnalysisError& error) {
    std::cerr << "not analysable exactly (use 'resim run' to simulate it): " << error.what()
              << "\n";
    return EXIT_NOT_ANALYSABLE;
  }
  const auto points = transient(topology);
  if (!args.json_path.empty())
    resim::write_file_atomically(args.json_path,
                                 resim::analysis_to_json(topology, result, points).dump(2) + "\n");
  resim::print_analysis(std::cout, topology, result, points);
  return 0;
}

void add_analyze_command(CLI::App& app, AnalyzeArguments& args, std::function<void()> action) {
  CLI::App* cmd = app.add_subcommand(
      "analyze",
      "Exact steady-state availability, outage frequency and importance, without sampling");
  cmd->footer(
      "Exit code 3 when the model admits no exact answer (the reasons are printed).\n"
      "Examples:\n"
      "  resim analyze scenarios/three-zone-web.json\n"
      "  resim analyze my.json --json exact.json");
  cmd->add_option("scenario", args.scenario, "Scenario file (JSON); omitted: the embedded default");
  cmd->add_option("--json", args.json_path,
                  "Also write the analysis as JSON to this file. Example: --json exact.json");
  cmd->callback(std::move(action));
}

int validate(const std::vector<std::string>& paths) {
  for (const auto& path : paths) {
    const resim::Topology topology(resim::load_scenario(path));
    std::cout << path << ": ok — '" << topology.scenario().name << "', "
              << topology.instance_count() << " instances, " << topology.processes().size()
              << " failure processes, service '" << topology.scenario().service << "'\n";
    for (const auto& warning : topology.warnings()) std::cout << "  warning: " << warning << "\n";
  }
  return 0;
}

void add_run_command(CLI::App& app, RunArguments& args, std::function<void()> action) {
  CLI::App* cmd =
      app.add_subcommand("run", "Simulate a scenario and report availability, outages and targets");
  cmd->footer(
      "Examples:\n"
      "  resim run                                   # the embedded default scenario\n"
      "  resim run scenarios/two-region-active-active.json --trials 20000 --json out.json\n"
      "  resim run my.json --check                   # exit code 1 when a target is missed (for "
      "CI)");
  cmd->add_option("scenario", args.scenario,
                  "Scenario file (JSON); omitted: the embedded default, three-zone-web");
  cmd->add_option("-n,--trials", args.trials,
                  "Number of trials (simulated horizons); overrides settings.trials. Example: "
                  "--trials 20000")
      ->check(CLI::Validator(
          [](std::string& v) { return std::stoll(v) >= 1 ? "" : "must be at least 1"; }, "≥ 1"));
  cmd->add_option(
         "-s,--seed", args.seed,
         "Random seed; the same seed gives the same results on any thread count. Example: --seed 7")
      ->check(CLI::Validator(
          [](std::string& v) { return std::stoll(v) >= 0 ? "" : "must be zero or positive"; },
          "≥ 0"));
  cmd->add_option("-j,--threads", args.threads,
                  "Worker threads, 0 = all cores (default: settings.threads). Example: -j 2")
      ->check(CLI::Validator(
          [](std::string& v) { return std::stoll(v) >= 0 ? "" : "must be zero or positive"; },
          "≥ 0"));
  cmd->add_option(
      "--horizon", args.horizon,
      "Simulated time per trial, with a unit; overrides settings.horizon. Example: --horizon 5y");
  cmd->add_option("--json", args.json_path,
                  "Also write the results as JSON to this file (docs/results-format.md). Example: "
                  "--json results.json");
  cmd->add_flag("--check", args.check,
                "Exit with code 1 when any target in the scenario is missed");
  cmd->add_flag("-q,--quiet", args.quiet,
                "Print nothing (no summary, no progress line); use with --json or --check");
  cmd->callback(std::move(action));
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "resim: Monte Carlo resilience simulation — availability, outages (RTO) and targets of an "
      "HA/DR design"};
  app.footer(
      "Examples:\n"
      "  resim run                                   # the embedded default scenario\n"
      "  resim run scenarios/single-zone-web.json --json results.json\n"
      "  resim analyze scenarios/three-zone-web.json   # exact figures, where the model admits "
      "them\n"
      "  resim validate scenarios/*.json\n"
      "Run 'resim COMMAND --help' for a command's options. Exit codes: 0 ok, 1 target missed "
      "(--check), 2 bad input.");
  app.require_subcommand(1);
  int exit_code = 0;
  RunArguments run_args;
  add_run_command(app, run_args, [&] { exit_code = run(run_args); });
  AnalyzeArguments analyze_args;
  add_analyze_command(app, analyze_args, [&] { exit_code = analyze(analyze_args); });
  std::vector<std::string> validate_paths;
  CLI::App* validate_cmd =
      app.add_subcommand("validate", "Check scenario files without running them");
  validate_cmd->footer("Example:\n  resim validate scenarios/*.json");
  validate_cmd->add_option("scenarios", validate_paths, "Scenario files")->required();
  validate_cmd->callback([&] { exit_code = validate(validate_paths); });

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? 0 : EXIT_BAD_INPUT;
  } catch (const resim::ScenarioError& error) {
    std::cerr << "error: " << error.what() << "\n";
    return EXIT_BAD_INPUT;
  } catch (const std::exception& error) {
    std::cerr << "error: " << error.what() << "\n";
    return EXIT_BAD_INPUT;
  }
  return exit_code;
}
