// Running until an estimate is precise enough: --precision METRIC=HALF_WIDTH. Trials run in
// rounds of whole chunks (doubling the total each round) onto the same accumulators, so the
// final figures are exactly those of one run with the final trial count; whether to go on is
// decided from those figures alone, so a seed gives the same rounds on any thread count.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/topology.h"
#include "sim/runner.h"

namespace resim {

struct PrecisionGoal {
  enum class Metric { AVAILABILITY, DOWNTIME_PER_YEAR, OUTAGES_PER_YEAR, OUTAGE_QUANTILE };
  Metric metric = Metric::AVAILABILITY;
  double quantile = 0.0;    // OUTAGE_QUANTILE: rto_p99 -> 0.99
  double half_width = 0.0;  // availability: a fraction; durations: seconds; outages: per year
  std::string text;         // as given
};

// "availability=1e-5", "downtime_per_year=10m", "outages_per_year=0.01", "rto_p99=60s".
// Throws std::invalid_argument saying what to write.
PrecisionGoal parse_precision_goal(const std::string& text);

// The half-width of the goal's 95 % interval in the data (a quantile's from the order
// statistics around it: distribution-free).
double achieved_half_width(const PrecisionGoal& goal, const RunOptions& options,
                           const RunData& data);

struct PrecisionRun {
  RunData data;
  std::int64_t trials = 0;          // what ran: options.trials is set to it for summarize()
  bool reached = false;             // every goal met, rather than the cap reached
  std::vector<double> half_widths;  // achieved, per goal
};

// Starts with options.trials (rounded up to whole chunks) and doubles until every goal is met
// or max_trials ran; options.trials ends as the trials that ran.
PrecisionRun run_to_precision(const Topology& topology, RunOptions& options,
                              const std::vector<PrecisionGoal>& goals, std::int64_t max_trials);

}  // namespace resim
