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
  bool progress = false;   // a progress line on stderr
  bool keep_logs = false;  // keep every outage and incident (RunData::totals logs): grows
};

// Everything the trials produced, independent of how many threads produced it, in memory that
// does not grow with the trial count (unless RunOptions::keep_logs).
struct RunData {
  ChunkAccumulator totals;  // every chunk, merged in chunk order
  int threads_used = 1;
  double wall_s = 0.0;
};

// Trials are cut into fixed chunks of CHUNK_TRIALS. A thread takes whole chunks; results are
// merged in chunk order as they complete (a chunk that finishes early waits for the ones before
// it). Chunk boundaries depend on the trial count alone, never on threads.
inline constexpr std::int64_t CHUNK_TRIALS = 64;

RunData run_trials(const Topology& topology, const RunOptions& options);

// Options from the scenario's settings, before command-line overrides.
RunOptions options_from(const Settings& settings);

int resolve_threads(int requested);

}  // namespace resim
