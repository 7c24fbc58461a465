// Runs many trials in parallel and gathers their outputs in trial order.
#pragma once

#include <cstdint>
#include <vector>

#include "models/topology.h"
#include "sim/simulation.h"

namespace resim {

struct RunOptions {
  std::int64_t trials = 10000;
  std::uint64_t seed = 1;
  int threads = 0;  // 0: all cores
  double horizon_s = 8760.0 * 3600.0;
  bool progress = false;  // a progress line on stderr
};

// Everything the trials produced, independent of how many threads produced it.
struct RunData {
  std::vector<double> downtime_s;        // per trial, within the horizon
  std::vector<std::uint32_t> outages;    // per trial
  std::vector<double> longest_outage_s;  // per trial
  std::vector<double> worst_rpo_s;       // per trial: the most data one promotion lost
  std::vector<double> served_s;          // per trial, with demands: ∫ served fraction dt
  std::vector<double> degraded_s;        // per trial, with demands
  ChunkAccumulator totals;               // outages in trial order, downtime by cause, events
  int threads_used = 1;
  double wall_s = 0.0;
};

// Trials are cut into fixed chunks of CHUNK_TRIALS. A thread takes whole chunks; results are
// merged in chunk order. Chunk boundaries depend on the trial count alone, never on threads.
inline constexpr std::int64_t CHUNK_TRIALS = 64;

RunData run_trials(const Topology& topology, const RunOptions& options);

// Options from the scenario's settings, before command-line overrides.
RunOptions options_from(const Settings& settings);

int resolve_threads(int requested);

}  // namespace resim
