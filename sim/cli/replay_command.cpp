// resim replay: one simulated period of a run, event by event — the trial given by --trial, or
// the worst one by availability, RTO or RPO, found by a first pass over every trial of the run.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include "models/topology.h"
#include "reports/chart_renderer.h"
#include "reports/timeline_report.h"
#include "sim/cli/commands.h"
#include "sim/cli/exit_codes.h"
#include "sim/cli/output.h"
#include "sim/cli/scenario_options.h"
#include "sim/replay.h"

namespace resim::cli {

namespace {

struct ReplayArguments {
  std::string scenario;
  std::optional<std::int64_t> trial;
  std::string worst;
  SimulationFlags flags;
  std::string json_path;
  std::string chart_path;
  ChartRendererOptions renderer;
};

// The chart package reads the timeline from a file: --json's, else a temporary one.
int write_chart(const std::string& chart_path, const std::string& json_path,
                const std::string& json, const ChartRendererOptions& renderer) {
  namespace fs = std::filesystem;
  if (!json_path.empty() && json_path != STDOUT_PATH)
    return render_timeline_chart(json_path, chart_path, renderer);
  std::string pattern = (fs::temp_directory_path() / "resim-timeline-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr)
    throw std::runtime_error("cannot make a temporary folder for the chart's timeline");
  const std::string path = (fs::path(pattern) / "timeline.json").string();
  write_output(path, json);
  std::cout << std::flush;  // the timeline before the chart package's own line
  const int code = render_timeline_chart(path, chart_path, renderer);
  std::error_code ignored;
  fs::remove_all(pattern, ignored);
  return code;
}

int replay(const ReplayArguments& args) {
  if (args.trial.has_value() == !args.worst.empty())
    throw CLI::ValidationError("--trial",
                               "give either --trial N (a trial index from 0) or "
                               "--worst availability|rto|rpo");
  const Topology topology(load(args.scenario));
  const RunOptions options = run_options(args.flags, topology.scenario());
  ReplayContext context{topology.scenario().name, topology.scenario().file, options.seed,
                        options.trials, std::nullopt};
  std::uint64_t trial = 0;
  if (args.trial) {
    if (*args.trial >= options.trials)
      throw CLI::ValidationError(
          "--trial", "trial " + std::to_string(*args.trial) + " is not one of the run's " +
                         std::to_string(options.trials) + " trials (0 to " +
                         std::to_string(options.trials - 1) + "); raise --trials to reach it");
    trial = static_cast<std::uint64_t>(*args.trial);
  } else {
    const WorstBy by = *parse_worst_by(args.worst);
    context.worst = by;
    const auto worst = worst_trial(trial_outcomes(topology, options), by);
    if (!worst && !args.flags.quiet)
      std::cout << "No trial of " << options.trials << " had "
                << (by == WorstBy::RPO ? "any data loss" : "any outage") << ": replaying trial 0\n";
    trial = worst.value_or(0);
  }
  const Timeline timeline = replay_trial(topology, options, trial);
  const std::string json = timeline_to_json(timeline, context).dump(2) + "\n";
  if (!args.json_path.empty()) write_output(args.json_path, json);
  if (!args.flags.quiet && args.json_path != STDOUT_PATH)
    print_timeline(std::cout, timeline, context);
  if (!args.chart_path.empty())
    return write_chart(args.chart_path, args.json_path, json, args.renderer);
  return EXIT_OK;
}

CLI::Validator chart_file() {
  return CLI::Validator(
      [](std::string& v) -> std::string {
        const std::string ext = std::filesystem::path(v).extension().string();
        if (ext == ".png" || ext == ".svg") return "";
        return "'" + v + "' must end in .png or .svg (the chart's format follows the extension)";
      },
      "FILE.png|FILE.svg");
}

}  // namespace

void add_replay_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ReplayArguments>();
  CLI::App* cmd = app.add_subcommand(
      "replay",
      "Replay one simulated period of a run event by event: failures, detections, "
      "failovers, restores, repairs, with the service's state after each");
  cmd->footer(
      "The trial is exactly the one 'resim run' simulated with the same seed, trials and horizon "
      "(trial t draws from the streams of (seed, t) alone). --worst runs every trial first, then "
      "replays the one with the lowest availability, the longest outage (rto) or the largest "
      "data loss (rpo); the first of equals.\n"
      "Examples:\n"
      "  resim replay scenarios/two-region-active-passive.json --trial 42\n"
      "  resim replay scenarios/three-zone-web.json --worst availability --chart worst.png\n"
      "  resim replay scenarios/postgres-backups-pitr.json --worst rpo --json timeline.json\n"
      "Exit codes: 0 ok, 2 bad input (also when the chart could not be drawn).");
  cmd->add_option("scenario", args->scenario,
                  "Scenario file (JSON); omitted: the embedded default, three-zone-web");
  cmd->add_option("--trial", args->trial,
                  "The trial to replay, from 0 to trials - 1. Example: --trial 42")
      ->check(decimal_at_least(0, "--trial 42"));
  cmd->add_option("--worst", args->worst,
                  "Replay the worst trial by availability (most downtime), rto (longest outage) "
                  "or rpo (most data lost). Example: --worst rto")
      ->check(CLI::IsMember({"availability", "rto", "rpo"}));
  add_simulation_flags(*cmd, args->flags);
  cmd->add_option("--json", args->json_path,
                  "Also write the timeline as JSON (docs/reports.md); '-' for standard output. "
                  "Example: --json timeline.json");
  cmd->add_option("--chart", args->chart_path,
                  "Also draw the timeline as a Gantt chart, one row per element that changed "
                  "state, PNG or SVG by extension (needs Python with matplotlib, see 'resim "
                  "report'). Example: --chart timeline.png")
      ->check(chart_file());
  add_python_option(*cmd, args->renderer);
  check_output_paths(*cmd, {"--json", "--chart"});
  cmd->callback([args, &exit_code] { exit_code = replay(*args); });
}

}  // namespace resim::cli
