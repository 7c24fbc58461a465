// resim run: simulate one or several scenarios and report availability, outages and targets.
// A batch prints exactly what running its scenarios one by one would; the trials of each are
// spread over the threads, so every result is the same as a single run's.
#include <iostream>
#include <memory>
#include <optional>

#include "models/topology.h"
#include "reports/json_report.h"
#include "reports/junit_report.h"
#include "reports/terminal_report.h"
#include "sim/cli/check_gate.h"
#include "sim/cli/commands.h"
#include "sim/cli/csv_export.h"
#include "sim/cli/exit_codes.h"
#include "sim/cli/output.h"
#include "sim/cli/scenario_options.h"
#include "sim/precision.h"
#include "sim/results.h"

namespace resim::cli {

namespace {

struct RunArguments {
  std::vector<std::string> scenarios;
  SimulationFlags flags;
  std::string json_path;
  std::string junit_path;
  std::string junit_inconclusive = "failure";
  std::string report_dir;
  std::string trials_csv;
  std::string incidents_csv;
  ChartRendererOptions renderer;
  bool check = false;
  std::vector<std::string> precision;
  std::int64_t max_trials = 1000000;
};

// The trials as asked, or in rounds until every --precision goal is met; JSON gains
// "precision" then.
Results simulate(const Topology& topology, RunOptions options,
                 const std::vector<PrecisionGoal>& goals, std::int64_t max_trials,
                 nlohmann::json& precision) {
  if (goals.empty()) return summarize(topology, options, run_trials(topology, options));
  const PrecisionRun run = run_to_precision(topology, options, goals, max_trials);
  precision = {{"reached", run.reached}, {"trials", run.trials}, {"max_trials", max_trials}};
  for (std::size_t g = 0; g < goals.size(); ++g)
    precision["goals"].push_back({{"goal", goals[g].text},
                                  {"half_width", goals[g].half_width},
                                  {"achieved_half_width", run.half_widths[g]},
                                  {"met", run.half_widths[g] <= goals[g].half_width}});
  return summarize(topology, options, run.data);
}

// The CSV exports stream while the trials run, so on standard output they would interleave with
// each other or with the JSON written after.
void check_exports(const RunArguments& args) {
  const bool trials_out = args.trials_csv == STDOUT_PATH;
  const bool incidents_out = args.incidents_csv == STDOUT_PATH;
  if ((trials_out || incidents_out) &&
      (trials_out + incidents_out + (args.json_path == STDOUT_PATH) +
       (args.junit_path == STDOUT_PATH)) > 1)
    throw CLI::ValidationError(trials_out ? "--trials-csv" : "--incidents-csv",
                               "only one output may go to standard output ('-') with a CSV "
                               "export; write the others to files");
  if (!args.trials_csv.empty() && args.trials_csv == args.incidents_csv &&
      args.trials_csv != STDOUT_PATH)
    throw CLI::ValidationError("--incidents-csv", "'" + args.incidents_csv +
                                                      "' is also the --trials-csv file; give "
                                                      "each its own, e.g. incidents.csv");
}

std::string export_path(const std::string& pattern, const std::string& option,
                        const std::string& scenario, std::size_t scenario_count) {
  return pattern.empty() ? pattern : output_path_for(pattern, option, scenario, scenario_count);
}

int run(const RunArguments& args) {
  // Every file is read and checked before any is simulated: a typo fails the batch at once.
  std::vector<std::string> paths = args.scenarios;
  if (paths.empty()) paths.emplace_back();
  std::vector<std::unique_ptr<Topology>> topologies;
  for (const auto& path : paths) topologies.push_back(std::make_unique<Topology>(load(path)));
  std::vector<std::string> json_paths;
  for (const auto& path : paths)
    json_paths.push_back(args.json_path.empty()
                             ? std::string()
                             : output_path_for(args.json_path, "--json", path, paths.size()));
  const bool summary = !args.flags.quiet && args.json_path != STDOUT_PATH &&
                       args.junit_path != STDOUT_PATH && args.trials_csv != STDOUT_PATH &&
                       args.incidents_csv != STDOUT_PATH;
  check_exports(args);
  const InconclusiveAs inconclusive =
      args.junit_inconclusive == "skipped" ? InconclusiveAs::SKIPPED : InconclusiveAs::FAILURE;

  Verdict verdict = Verdict::MET;
  std::vector<PrecisionGoal> goals;
  try {
    for (const auto& text : args.precision) goals.push_back(parse_precision_goal(text));
  } catch (const std::invalid_argument& error) {
    throw CLI::ValidationError("--precision", error.what());
  }

  bool report_failed = false;
  std::vector<JUnitSuite> suites;
  for (std::size_t i = 0; i < topologies.size(); ++i) {
    const Topology& topology = *topologies[i];
    nlohmann::json precision;
    RunOptions options = run_options(args.flags, topology.scenario());
    std::optional<CsvExport> exports;
    if (!args.trials_csv.empty() || !args.incidents_csv.empty()) {
      exports.emplace(export_path(args.trials_csv, "--trials-csv", paths[i], paths.size()),
                      export_path(args.incidents_csv, "--incidents-csv", paths[i], paths.size()));
      options.exports = &*exports;
    }
    Results results = simulate(topology, options, goals, args.max_trials, precision);
    if (exports) exports->commit();
    compare_with_exact(results, topology);
    nlohmann::json document = results_to_json(results);
    if (!precision.is_null()) document["precision"] = precision;
    const std::string json = document.dump(2) + "\n";
    if (!json_paths[i].empty()) write_output(json_paths[i], json);
    if (summary) print_summary(std::cout, results, SummaryOptions{args.renderer.top_causes});
    if (summary && !precision.is_null())
      std::cout << "Precision: "
                << (precision.at("reached").get<bool>() ? "reached" : "NOT reached") << " after "
                << results.trials << " trials (cap " << args.max_trials << ")\n";
    if (!args.report_dir.empty()) {
      const int code =
          write_report_into(output_path_for(args.report_dir, "--report", paths[i], paths.size()),
                            json_paths[i], json, "results.json", args.renderer);
      if (code != EXIT_OK) report_failed = true;
    }
    if (args.check) report_unmet_targets(results, std::cerr);
    verdict = worse(verdict, results.verdict());
    if (!args.junit_path.empty()) suites.push_back(junit_suite(results, inconclusive));
  }
  if (!args.junit_path.empty()) write_output(args.junit_path, junit_xml(suites));
  if (report_failed) return EXIT_BAD_INPUT;
  return args.check ? exit_code_for(verdict) : EXIT_OK;
}

}  // namespace

void add_run_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<RunArguments>();
  CLI::App* cmd =
      app.add_subcommand("run", "Simulate scenarios and report availability, outages and targets");
  cmd->footer(
      "Examples:\n"
      "  resim run                                   # the embedded default scenario\n"
      "  resim run scenarios/two-region-active-active.json --trials 20000 --json out.json\n"
      "  resim run my.json --check -q                # for CI: see the exit codes below\n"
      "  resim run scenarios/*.json --check --junit results.xml --json 'out/{}.json'\n"
      "Exit codes with --check: 0 every target met conclusively, 1 a target missed, 4 none missed\n"
      "but some inconclusive (more trials would settle them; stderr names each target not met).");
  cmd->add_option("scenarios", args->scenarios,
                  "Scenario files (JSON), run one after the other; omitted: the embedded "
                  "default, three-zone-web");
  add_simulation_flags(*cmd, args->flags);
  cmd->add_option("--json", args->json_path,
                  "Also write the results as JSON to this file (docs/results-format.md); '-' for "
                  "standard output; with several scenarios, {} stands for each file's stem. "
                  "Example: --json results.json");
  cmd->add_option("--junit", args->junit_path,
                  "Also write a JUnit XML report for CI: one test case per scenario and target; "
                  "'-' for standard output. Example: --junit results.xml");
  cmd->add_option("--junit-inconclusive", args->junit_inconclusive,
                  "How --junit reports a target whose interval contains it: as a failure "
                  "(default) or skipped")
      ->check(CLI::IsMember({"failure", "skipped"}));
  cmd->add_option("--report", args->report_dir,
                  "Also write an HTML report, a Markdown summary and charts into this directory "
                  "(see 'resim report'); with several scenarios, {} stands for each file's stem. "
                  "Example: --report report/");
  cmd->add_option("--trials-csv", args->trials_csv,
                  "Also write one CSV row per trial (downtime, availability, outages, data lost, "
                  "...; docs/results-format.md), streamed as the trials run; '-' for standard "
                  "output; {} as for --json. Example: --trials-csv trials.csv");
  cmd->add_option("--incidents-csv", args->incidents_csv,
                  "Also write one CSV row per incident (outages, failover incidents, data "
                  "restores: time, duration, cause, RTO, RPO, group or dataset), streamed as the "
                  "trials run; '-' for standard output. Example: --incidents-csv incidents.csv");
  add_report_options(*cmd, args->renderer);
  cmd->add_flag("--check", args->check,
                "Gate on the targets: exit 1 when any is missed, 4 when none is missed but some "
                "are inconclusive, 0 when all are met conclusively; unmet targets go to stderr");
  cmd->add_option("--precision", args->precision,
                  "METRIC=HALF_WIDTH: run trials in doubling rounds (from --trials, in whole "
                  "chunks of 64) until the 95% interval is this narrow, or --max-trials ran. "
                  "Metrics: availability, downtime_per_year, outages_per_year, rto_pNN. Example: "
                  "--precision availability=1e-5 --precision rto_p99=60s");
  cmd->add_option("--max-trials", args->max_trials,
                  "The trial cap of --precision (default 1000000)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{1000000000}));
  check_output_paths(*cmd, {"--json", "--junit", "--trials-csv", "--incidents-csv"}, {"--report"});
  cmd->callback([args, &exit_code] { exit_code = run(*args); });
}

}  // namespace resim::cli
