#include "sim/cli/scenario_options.h"

#include <unistd.h>

#include <charconv>
#include <cstdint>
#include <string>

#include "models/duration.h"
#include "reports/output_file.h"
#include "sim/cli/default_scenario.h"
#include "sim/cli/output.h"
#include "sim/cli/processes.h"

namespace resim::cli {

Scenario load(const std::string& path) {
  if (path.empty()) return parse_scenario(DEFAULT_SCENARIO_JSON, DEFAULT_SCENARIO_NAME);
  return load_scenario(path);
}

// Counts are written in decimal only: CLI11 alone reads "0x10" as 16 and lets std::stoll throw
// "stoll" on "abc" or on values past 64 bits.
CLI::Validator decimal_at_least(std::int64_t minimum, const std::string& example) {
  return CLI::Validator(
      [minimum, example](std::string& v) -> std::string {
        std::int64_t value = 0;
        const char* end = v.data() + v.size();
        const auto [ptr, error] = std::from_chars(v.data(), end, value);
        const bool digits = !v.empty() && v.find_first_not_of("0123456789") == std::string::npos;
        if (!digits || error != std::errc() || ptr != end)
          return "'" + v + "' is not a decimal integer from " + std::to_string(minimum) +
                 " to 9223372036854775807; write e.g. " + example;
        if (value < minimum) return "must be at least " + std::to_string(minimum);
        return "";
      },
      "≥ " + std::to_string(minimum));
}

namespace {

// CLI11 takes `--json ""` as given and the command then silently writes nothing.
CLI::Validator non_empty(const std::string& fix, const std::string& name) {
  return CLI::Validator(
      [fix](std::string& v) -> std::string { return v.empty() ? "must not be empty; " + fix : ""; },
      name);
}

}  // namespace

void add_simulation_flags(CLI::App& command, SimulationFlags& flags) {
  command
      .add_option("-n,--trials", flags.trials,
                  "Number of trials (simulated horizons); overrides settings.trials. Example: "
                  "--trials 20000")
      ->check(decimal_at_least(1, "--trials 20000"));
  command
      .add_option("-s,--seed", flags.seed,
                  "Random seed; the same seed gives the same results on any thread count. Example: "
                  "--seed 7")
      ->check(decimal_at_least(0, "--seed 7"));
  command
      .add_option("-j,--threads", flags.threads,
                  "Worker threads, 0 = all cores (default: settings.threads). Example: -j 2")
      ->check(decimal_at_least(0, "-j 2"));
  command
      .add_option("--horizon", flags.horizon,
                  "Simulated time per trial, with a unit; overrides settings.horizon. Example: "
                  "--horizon 5y")
      ->check(non_empty("write a duration such as 1y, 6w or 90d", "DURATION"));
  command.add_flag("-q,--quiet", flags.quiet,
                   "Print nothing (no summary, no progress line); use with --json or --check");
}

void check_output_paths(CLI::App& command, std::initializer_list<const char*> files,
                        std::initializer_list<const char*> folders) {
  for (const bool folder : {false, true})
    for (const char* name : folder ? folders : files)
      command.get_option(name)
          ->check(non_empty("give a file or folder name", "PATH"))
          ->check(CLI::Validator(
              [folder](std::string& v) -> std::string {
                // A batch pattern's "{}" is resolved per scenario and checked when written.
                if (v == STDOUT_PATH || v.find("{}") != std::string::npos) return "";
                const std::string why = output_destination_problem(v, folder);
                return why.empty() ? "" : "cannot write '" + v + "': " + why;
              },
              "PATH"));
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
  options.cluster = process_cluster();
  return options;
}

}  // namespace resim::cli
