// Runs many trials in parallel and gathers their outputs in trial order.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "models/topology.h"
#include "sim/byte_codec.h"
#include "sim/simulation.h"

namespace resim {

class ExportSink;  // sim/trial_export.h
class Cluster;     // sim/cluster.h

struct RunOptions {
  std::int64_t trials = 10000;
  std::uint64_t seed = 1;
  int threads = 0;  // 0: all cores
  double horizon_s = 8760.0 * 3600.0;
  bool progress = false;   // a progress line on stderr
  bool keep_logs = false;  // keep every outage and incident (RunData::totals logs): grows
  double max_events = DEFAULT_MAX_EVENTS;  // refuse runs expected to take more (work_estimate.h)
  // Per-trial and per-incident rows, chunk by chunk in chunk order (sim/trial_export.h); a run of
  // one design only. Null: nothing is formatted.
  ExportSink* exports = nullptr;
  // Processes sharing the trials (mpirun): each runs a share of every round of chunks, the root
  // merges them all in chunk order, and every process ends with the root's totals. Null: one.
  Cluster* cluster = nullptr;
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

// Refuses (ScenarioError) a run whose work estimate exceeds options.max_events, and a trial that
// goes past its event limit; runs on fewer threads when the system cannot create more.
RunData run_trials(const Topology& topology, const RunOptions& options);

std::int64_t chunk_count(std::int64_t trials);

// Sees trial by trial what several designs run together produced (resim compare, sweep), from
// the thread running `chunk`; outcomes[d] is design d's.
using TrialObserver =
    std::function<void(std::int64_t chunk, const std::vector<TrialOutcome>& outcomes)>;

// What an observer keeps per chunk, carried with the chunk between the processes of a
// distributed run: saved where the chunk ran, once it ended; loaded on the root in chunk order.
// Only the root's observer state is complete after the run.
struct ObserverState {
  std::function<void(std::int64_t chunk, ByteWriter& out)> save;
  std::function<void(std::int64_t chunk, ByteReader& in)> load;
};

// Runs chunks [first_chunk, end_chunk) of options.trials in every design, trial t of each on
// the streams of (seed, t), and merges them in chunk order onto `runs` (one per design, created
// when empty). Runs of consecutive chunk ranges onto the same `runs` give exactly what one run
// over their union would: how the trials are split into calls never shows in the results.
void run_chunks(const std::vector<const Topology*>& designs, const RunOptions& options,
                std::int64_t first_chunk, std::int64_t end_chunk, std::vector<RunData>& runs,
                const TrialObserver& observe = {}, const ObserverState& state = {});

// Options from the scenario's settings, before command-line overrides.
RunOptions options_from(const Settings& settings);

// 0: all cores; at most MAX_THREADS.
int resolve_threads(int requested);

}  // namespace resim
