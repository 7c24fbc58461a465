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

// Adds --trials, --seed, --threads, --horizon and --quiet to a command.
void add_simulation_flags(CLI::App& command, SimulationFlags& flags);

// An empty file or folder name (`--json ""`) is refused rather than read as "not given".
void refuse_empty_paths(CLI::App& command, std::initializer_list<const char*> options);

// The scenario's settings with the command-line overrides applied.
RunOptions run_options(const SimulationFlags& flags, const Scenario& scenario);

}  // namespace resim::cli
