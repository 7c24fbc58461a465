#include "sim/comparison.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

#include "models/duration.h"

namespace resim {

const char* to_string(PairedMetric metric) {
  switch (metric) {
    case PairedMetric::AVAILABILITY:
      return "availability";
    case PairedMetric::DOWNTIME_PER_YEAR:
      return "downtime_per_year_s";
    case PairedMetric::OUTAGES_PER_YEAR:
      return "outages_per_year";
    case PairedMetric::LONGEST_OUTAGE:
      return "longest_outage_s";
    case PairedMetric::SERVED_FRACTION:
      return "served_fraction";
  }
  return "";
}

namespace {

using Pairs = std::array<PairedMoments, PAIRED_METRIC_COUNT>;

std::array<double, PAIRED_METRIC_COUNT> metrics_of(const TrialOutcome& o, double horizon_s) {
  const double years = horizon_s / SECONDS_PER_YEAR;
  return {1.0 - o.downtime_s / horizon_s, o.downtime_s / years, o.outages / years,
          o.longest_outage_s, o.served_s / horizon_s};
}

struct SharedRun {
  const std::vector<const Topology*>& designs;
  const RunOptions& options;
  PairedRunData& data;
  std::vector<std::vector<ChunkAccumulator>>& chunks;  // [design][chunk]
  std::vector<std::vector<Pairs>>& chunk_pairs;        // [chunk][design − 1]
  std::atomic<std::int64_t> next_chunk{0};
};

void store(RunData& data, std::size_t t, const TrialOutcome& outcome) {
  data.downtime_s[t] = outcome.downtime_s;
  data.outages[t] = outcome.outages;
  data.longest_outage_s[t] = outcome.longest_outage_s;
  data.worst_rpo_s[t] = outcome.worst_rpo_s;
  data.served_s[t] = outcome.served_s;
  data.degraded_s[t] = outcome.degraded_s;
}

void run_chunk(SharedRun& shared, std::vector<TrialSimulator>& simulators, std::int64_t chunk) {
  const std::int64_t first = chunk * CHUNK_TRIALS;
  const std::int64_t last = std::min(first + CHUNK_TRIALS, shared.options.trials);
  const auto c = static_cast<std::size_t>(chunk);
  std::vector<TrialOutcome> outcomes(simulators.size());
  for (std::int64_t trial = first; trial < last; ++trial) {
    for (std::size_t d = 0; d < simulators.size(); ++d) {
      outcomes[d] = simulators[d].run(static_cast<std::uint64_t>(trial), shared.chunks[d][c]);
      store(shared.data.designs[d], static_cast<std::size_t>(trial), outcomes[d]);
    }
    const auto baseline = metrics_of(outcomes[0], shared.options.horizon_s);
    for (std::size_t d = 1; d < simulators.size(); ++d) {
      const auto design = metrics_of(outcomes[d], shared.options.horizon_s);
      for (std::size_t m = 0; m < PAIRED_METRIC_COUNT; ++m)
        shared.chunk_pairs[c][d - 1][m].add(baseline[m], design[m]);
    }
  }
}

void worker(SharedRun& shared, std::int64_t chunk_count) {
  std::vector<TrialSimulator> simulators;
  for (const Topology* design : shared.designs)
    simulators.emplace_back(*design, shared.options.horizon_s, shared.options.seed);
  for (std::int64_t chunk = shared.next_chunk++; chunk < chunk_count; chunk = shared.next_chunk++)
    run_chunk(shared, simulators, chunk);
}

}  // namespace

PairedRunData run_paired(const std::vector<const Topology*>& designs, const RunOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  const std::int64_t chunk_count = (options.trials + CHUNK_TRIALS - 1) / CHUNK_TRIALS;
  const auto trials = static_cast<std::size_t>(options.trials);
  PairedRunData data;
  data.designs.resize(designs.size());
  for (auto& design : data.designs) {
    design.downtime_s.resize(trials);
    design.outages.resize(trials);
    design.longest_outage_s.resize(trials);
    design.worst_rpo_s.resize(trials);
    design.served_s.resize(trials);
    design.degraded_s.resize(trials);
  }
  std::vector<std::vector<ChunkAccumulator>> chunks(
      designs.size(), std::vector<ChunkAccumulator>(static_cast<std::size_t>(chunk_count)));
  std::vector<std::vector<Pairs>> chunk_pairs(static_cast<std::size_t>(chunk_count),
                                              std::vector<Pairs>(designs.size() - 1));
  SharedRun shared{designs, options, data, chunks, chunk_pairs};
  const int threads =
      static_cast<int>(std::min<std::int64_t>(resolve_threads(options.threads), chunk_count));
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back(worker, std::ref(shared), chunk_count);
  worker(shared, chunk_count);
  for (auto& thread : pool) thread.join();

  // In chunk order, as run_trials merges: each design's data is what it gives alone.
  const double wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (std::size_t d = 0; d < designs.size(); ++d) {
    for (const auto& chunk : chunks[d]) data.designs[d].totals.merge(chunk);
    data.designs[d].threads_used = threads;
    data.designs[d].wall_s = wall_s;
  }
  data.against_baseline.resize(designs.size() - 1);
  for (const auto& chunk : chunk_pairs)
    for (std::size_t d = 0; d + 1 < designs.size(); ++d)
      for (std::size_t m = 0; m < PAIRED_METRIC_COUNT; ++m)
        data.against_baseline[d][m].merge(chunk[d][m]);
  return data;
}

Comparison compare_designs(const std::vector<const Topology*>& designs, const RunOptions& options) {
  const PairedRunData data = run_paired(designs, options);
  Comparison comparison;
  for (std::size_t d = 0; d < designs.size(); ++d) {
    comparison.designs.push_back(summarize(*designs[d], options, data.designs[d]));
    compare_with_exact(comparison.designs.back(), *designs[d]);
  }
  for (std::size_t d = 1; d < designs.size(); ++d) {
    DesignDifference difference;
    difference.design = comparison.designs[d].scenario_name;
    const bool served =
        comparison.designs[0].served_fraction && comparison.designs[d].served_fraction;
    for (std::size_t m = 0; m < PAIRED_METRIC_COUNT; ++m) {
      if (static_cast<PairedMetric>(m) == PairedMetric::SERVED_FRACTION && !served) continue;
      difference.metrics[m] = paired_difference(data.against_baseline[d - 1][m]);
    }
    comparison.differences.push_back(std::move(difference));
  }
  return comparison;
}

}  // namespace resim
