// What the simulating commands share: loading a scenario (or the embedded default) and the
// options that override its settings (trials, seed, threads, horizon, quiet).
#pragma once

#include <initializer_list>

#include <CLI/CLI.hpp>

#include <cstdint>
#include <optional>
#include <string>

#include "models/scenario.h"
#include "sim/runner.h"

namespace resim::cli {

// An empty path means the scenario embedded at build time.
Scenario load(const std::string& path);

struct SimulationFlags {
  std::optional<std::int64_t> trials;
  std::optional<std::int64_t> seed;
  std::optional<int> threads;
  std::string horizon;
  bool quiet = false;
};

// A count written in decimal, at least `minimum`; the error quotes `example`.
CLI::Validator decimal_at_least(std::int64_t minimum, const std::string& example);

// Adds --trials, --seed, --threads, --horizon and --quiet to a command.
void add_simulation_flags(CLI::App& command, SimulationFlags& flags);

// Output options are checked when the command line is read, before anything is simulated: an
// empty name (`--json ""`) is refused rather than read as "not given", and so is a destination
// that could not be written (a missing or read-only folder, a directory given as a file).
void check_output_paths(CLI::App& command, std::initializer_list<const char*> files,
                        std::initializer_list<const char*> folders = {});

// The scenario's settings with the command-line overrides applied.
RunOptions run_options(const SimulationFlags& flags, const Scenario& scenario);

}  // namespace resim::cli
