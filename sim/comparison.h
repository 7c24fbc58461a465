// Designs compared under common random numbers: every design runs trial t on the streams of
// (seed, t, purpose, element name), so the elements they share fail at the same times, and
// the per-trial differences to the first design (the baseline) vary far less than two
// independent runs would. The designs run trial by trial together; their per-trial figures are
// paired as they come (sim/paired_statistics.h) and never stored.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "models/topology.h"
#include "sim/paired_statistics.h"
#include "sim/results.h"
#include "sim/runner.h"

namespace resim {

enum class PairedMetric {
  AVAILABILITY,       // per-horizon availability
  DOWNTIME_PER_YEAR,  // seconds
  OUTAGES_PER_YEAR,
  LONGEST_OUTAGE,   // seconds, the longest outage of each horizon
  SERVED_FRACTION,  // with demands in both designs
};
inline constexpr std::size_t PAIRED_METRIC_COUNT = 5;
const char* to_string(PairedMetric metric);  // "availability", "downtime_per_year_s", ...

// Everything the designs' trials produced: each design's data exactly as run_trials gives it
// alone, and per design after the first its co-moments with the first, per metric.
struct PairedRunData {
  std::vector<RunData> designs;
  std::vector<std::array<PairedMoments, PAIRED_METRIC_COUNT>> against_baseline;
};

PairedRunData run_paired(const std::vector<const Topology*>& designs, const RunOptions& options);

struct DesignDifference {
  std::string design;  // scenario name
  std::array<std::optional<PairedDifference>, PAIRED_METRIC_COUNT> metrics;
};

struct Comparison {
  std::vector<Results> designs;               // each as `resim run` reports it alone
  std::vector<DesignDifference> differences;  // designs[1..] − designs[0]
};

// Runs and summarizes; every design uses `options` (one seed, horizon and trial count, or the
// trials would not pair).
Comparison compare_designs(const std::vector<const Topology*>& designs, const RunOptions& options);

}  // namespace resim
