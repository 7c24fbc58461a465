#include "sim/precision.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "models/duration.h"

namespace resim {

namespace {

double parse_positive_number(const std::string& text, const std::string& goal) {
  std::size_t used = 0;
  double value = 0.0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || !(value > 0.0) || !std::isfinite(value))
    throw std::invalid_argument("'" + goal + "': the half-width must be a positive number");
  return value;
}

}  // namespace

PrecisionGoal parse_precision_goal(const std::string& text) {
  const auto equals = text.find('=');
  const std::string usage =
      "write METRIC=HALF_WIDTH: availability=1e-5, downtime_per_year=10m, "
      "outages_per_year=0.01 or rto_p99=60s";
  if (equals == std::string::npos) throw std::invalid_argument("'" + text + "': " + usage);
  const std::string metric = text.substr(0, equals);
  const std::string value = text.substr(equals + 1);
  PrecisionGoal goal;
  goal.text = text;
  auto duration = [&] {
    const auto seconds = parse_duration(value);
    if (!seconds || !(*seconds > 0.0))
      throw std::invalid_argument("'" + text + "': the half-width needs a unit, e.g. 60s or 10m");
    return *seconds;
  };
  if (metric == "availability") {
    goal.half_width = parse_positive_number(value, text);
  } else if (metric == "outages_per_year") {
    goal.metric = PrecisionGoal::Metric::OUTAGES_PER_YEAR;
    goal.half_width = parse_positive_number(value, text);
  } else if (metric == "downtime_per_year") {
    goal.metric = PrecisionGoal::Metric::DOWNTIME_PER_YEAR;
    goal.half_width = duration();
  } else if (metric.rfind("rto_p", 0) == 0 && metric.size() > 5 &&
             metric.find_first_not_of("0123456789.", 5) == std::string::npos) {
    goal.metric = PrecisionGoal::Metric::OUTAGE_QUANTILE;
    goal.quantile = std::stod(metric.substr(5)) / 100.0;
    if (!(goal.quantile > 0.0 && goal.quantile < 1.0))
      throw std::invalid_argument("'" + text + "': write a percentile between 0 and 100, rto_p99");
    goal.half_width = duration();
  } else {
    throw std::invalid_argument("'" + text + "': unknown metric '" + metric + "'; " + usage);
  }
  return goal;
}

double achieved_half_width(const PrecisionGoal& goal, const RunOptions& options,
                           const RunData& data) {
  const double years = options.horizon_s / SECONDS_PER_YEAR;
  switch (goal.metric) {
    case PrecisionGoal::Metric::AVAILABILITY:
      return estimate_mean(data.totals.trial_downtime_s).half_width / options.horizon_s;
    case PrecisionGoal::Metric::DOWNTIME_PER_YEAR:
      return estimate_mean(data.totals.trial_downtime_s).half_width / years;
    case PrecisionGoal::Metric::OUTAGES_PER_YEAR:
      return estimate_mean(data.totals.trial_outages).half_width / years;
    case PrecisionGoal::Metric::OUTAGE_QUANTILE: {
      // The order statistics n·q ∓ z·√(n·q·(1 − q)) bracket the quantile with about 95 %.
      const Histogram& durations = data.totals.outage_durations;
      const double n = static_cast<double>(durations.count());
      if (n < 2) return std::numeric_limits<double>::infinity();
      const double spread =
          1.959963984540054 * std::sqrt(n * goal.quantile * (1.0 - goal.quantile));
      const double low = (n * goal.quantile - spread) / n;
      const double high = (n * goal.quantile + spread) / n;
      if (low < 0.0 || high > 1.0) return std::numeric_limits<double>::infinity();
      return (durations.quantile(high) - durations.quantile(low)) / 2.0;
    }
  }
  return std::numeric_limits<double>::infinity();
}

PrecisionRun run_to_precision(const Topology& topology, RunOptions& options,
                              const std::vector<PrecisionGoal>& goals, std::int64_t max_trials) {
  PrecisionRun run;
  const std::int64_t cap = std::max<std::int64_t>(max_trials, 1);
  std::int64_t target = std::min(chunk_count(options.trials) * CHUNK_TRIALS, cap);
  std::int64_t done_chunks = 0;
  std::vector<RunData> runs;
  while (true) {
    options.trials = target;
    const std::int64_t end = chunk_count(target);
    run_chunks({&topology}, options, done_chunks, end, runs);
    done_chunks = end;
    run.half_widths.clear();
    run.reached = true;
    for (const auto& goal : goals) {
      run.half_widths.push_back(achieved_half_width(goal, options, runs.front()));
      run.reached = run.reached && run.half_widths.back() <= goal.half_width;
    }
    if (run.reached || target >= cap) break;
    // Whole chunks every round but the last, so the rounds join as one run would.
    target = std::min(2 * target, cap);
  }
  run.trials = options.trials;
  run.data = std::move(runs.front());
  return run;
}

}  // namespace resim
