#include "sim/cli/scenario_options.h"

#include <unistd.h>

#include "models/duration.h"
#include "sim/cli/default_scenario.h"

namespace resim::cli {

Scenario load(const std::string& path) {
  if (path.empty()) return parse_scenario(DEFAULT_SCENARIO_JSON, DEFAULT_SCENARIO_NAME);
  return load_scenario(path);
}

void add_simulation_flags(CLI::App& command, SimulationFlags& flags) {
  command
      .add_option("-n,--trials", flags.trials,
                  "Number of trials (simulated horizons); overrides settings.trials. Example: "
                  "--trials 20000")
      ->check(CLI::Validator(
          [](std::string& v) { return std::stoll(v) >= 1 ? "" : "must be at least 1"; }, "≥ 1"));
  command
      .add_option("-s,--seed", flags.seed,
                  "Random seed; the same seed gives the same results on any thread count. Example: "
                  "--seed 7")
      ->check(CLI::Validator(
          [](std::string& v) { return std::stoll(v) >= 0 ? "" : "must be zero or positive"; },
          "≥ 0"));
  command
      .add_option("-j,--threads", flags.threads,
                  "Worker threads, 0 = all cores (default: settings.threads). Example: -j 2")
      ->check(CLI::Validator(
          [](std::string& v) { return std::stoll(v) >= 0 ? "" : "must be zero or positive"; },
          "≥ 0"));
  command.add_option(
      "--horizon", flags.horizon,
      "Simulated time per trial, with a unit; overrides settings.horizon. Example: --horizon 5y");
  command.add_flag("-q,--quiet", flags.quiet,
                   "Print nothing (no summary, no progress line); use with --json or --check");
}

RunOptions run_options(const SimulationFlags& flags, const Scenario& scenario) {
  RunOptions options = options_from(scenario.settings);
  if (flags.trials) options.trials = *flags.trials;
  if (flags.seed) options.seed = static_cast<std::uint64_t>(*flags.seed);
  if (flags.threads) options.threads = *flags.threads;
  if (!flags.horizon.empty()) {
    const auto horizon = parse_duration(flags.horizon);
    if (!horizon || *horizon <= 0.0 || *horizon > MAX_HORIZON_S)
      throw CLI::ValidationError("--horizon", "'" + flags.horizon +
                                                  "' is not a duration up to 1000y; write e.g. "
                                                  "1y, 6w or 90d");
    options.horizon_s = *horizon;
  }
  options.progress = !flags.quiet && ::isatty(STDERR_FILENO);
  return options;
}

}  // namespace resim::cli
