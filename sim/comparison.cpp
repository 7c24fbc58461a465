#include "sim/comparison.h"

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

}  // namespace

PairedRunData run_paired(const std::vector<const Topology*>& designs, const RunOptions& options) {
  const std::int64_t chunks = chunk_count(options.trials);
  // Co-moments per chunk, each filled by the one thread running it, merged in chunk order
  // below: a few hundred bytes per 64 trials, never per trial.
  std::vector<std::vector<Pairs>> chunk_pairs(static_cast<std::size_t>(chunks),
                                              std::vector<Pairs>(designs.size() - 1));
  PairedRunData data;
  const auto observe = [&](std::int64_t chunk, const std::vector<TrialOutcome>& outcomes) {
    auto& pairs = chunk_pairs[static_cast<std::size_t>(chunk)];
    const auto baseline = metrics_of(outcomes[0], options.horizon_s);
    for (std::size_t d = 1; d < outcomes.size(); ++d) {
      const auto design = metrics_of(outcomes[d], options.horizon_s);
      for (std::size_t m = 0; m < PAIRED_METRIC_COUNT; ++m)
        pairs[d - 1][m].add(baseline[m], design[m]);
    }
  };
  // A distributed run carries each chunk's co-moments to the root (sim/cluster.h).
  const ObserverState state{[&](std::int64_t chunk, ByteWriter& out) {
                              out.put_vector(chunk_pairs[static_cast<std::size_t>(chunk)]);
                            },
                            [&](std::int64_t chunk, ByteReader& in) {
                              in.get_vector(chunk_pairs[static_cast<std::size_t>(chunk)]);
                            }};
  run_chunks(designs, options, 0, chunks, data.designs, observe, state);
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
