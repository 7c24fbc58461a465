#include "sim/data_results.h"

#include <cmath>
#include <sstream>

#include "models/duration.h"
#include "sim/quantile_table.h"

namespace resim {

namespace {

DurationSummary summary_of(const Histogram& h) {
  DurationSummary s;
  s.count = h.count();
  if (h.empty()) return s;
  s.mean_s = h.mean();
  s.p50_s = h.quantile(0.50);
  s.p95_s = h.quantile(0.95);
  s.p99_s = h.quantile(0.99);
  s.max_s = h.max();
  for (double level : QUANTILE_TABLE_LEVELS) s.table_s.push_back(h.quantile(level));
  return s;
}

std::optional<TransactionSummary> transactions(const DurationSummary& rpo, double per_second) {
  if (per_second <= 0.0) return std::nullopt;
  return TransactionSummary{rpo.mean_s * per_second, rpo.p50_s * per_second, rpo.p95_s * per_second,
                            rpo.p99_s * per_second, rpo.max_s * per_second};
}

// A probability per horizon of `years` as one per year, assuming years alike and independent.
double per_year(double per_horizon, double years) {
  return per_horizon >= 1.0 ? 1.0 : 1.0 - std::pow(1.0 - per_horizon, 1.0 / years);
}

std::string number(double value) {
  std::ostringstream out;
  out.precision(3);
  out << value;
  return out.str();
}

DataTargetResult unrecoverable_target(double target, const DatasetResult& d, double years) {
  DataTargetResult t;
  t.name = "unrecoverable";
  t.target = target;
  t.achieved = d.unrecoverable_per_year;
  t.achieved_ci = d.unrecoverable_per_year_ci;
  // Undecided until the interval lies wholly on one side: rare losses need many trials.
  t.conclusive = t.achieved_ci.high <= target || t.achieved_ci.low > target;
  t.met = t.achieved_ci.high <= target;
  t.detail = std::string(t.met          ? "met"
                         : t.conclusive ? "missed"
                                        : "undecided") +
             ": data lost for good with probability " + number(t.achieved) + " a year (95% CI " +
             number(t.achieved_ci.low) + " – " + number(t.achieved_ci.high) + ") against at most " +
             number(target);
  if (!t.conclusive) {
    // With no loss in n horizons the Wilson upper end is about 3.84 / n per horizon.
    const double per_horizon = 1.0 - std::pow(1.0 - target, years);
    t.detail += "; about " + number(std::ceil(3.84 / per_horizon)) +
                " trials without a loss would show it met";
  }
  return t;
}

DataTargetResult quantile_target(const std::string& name, double limit, double quantile,
                                 const Histogram& values) {
  DataTargetResult t;
  t.name = name;
  t.target = limit;
  t.quantile = quantile;
  const std::int64_t n = values.count();
  const std::int64_t within = values.count_at_most(limit);
  t.achieved = values.quantile(quantile);
  t.achieved_ci = wilson_interval(within, n);
  t.share_within = n > 0 ? static_cast<double>(within) / static_cast<double>(n) : 1.0;
  t.conclusive = n == 0 || quantile < t.achieved_ci.low || quantile > t.achieved_ci.high;
  t.met = t.conclusive && t.share_within >= quantile;
  if (n == 0) {
    t.detail = "met: no restore was needed, so none exceeded " + format_duration(limit);
    return t;
  }
  t.detail = std::string(t.met          ? "met"
                         : t.conclusive ? "missed"
                                        : "undecided") +
             ": " + number(t.share_within * 100.0) + "% of " + std::to_string(n) +
             " restores within " + format_duration(limit) + " (target " + number(quantile * 100.0) +
             "%)";
  return t;
}

}  // namespace

std::vector<DatasetResult> summarize_datasets(const Topology& topology, double horizon_s,
                                              std::int64_t trials, const DataAccumulator& data) {
  const auto& configs = topology.scenario().data.datasets;
  std::vector<DatasetResult> result;
  if (configs.empty()) return result;
  const double years = horizon_s / SECONDS_PER_YEAR;
  const double exposure_years = years * static_cast<double>(trials);
  for (std::size_t d = 0; d < configs.size(); ++d) {
    const Dataset& config = configs[d];
    const DatasetStatistics empty(config);
    const DatasetStatistics& s = data.datasets.empty() ? empty : data.datasets[d];
    DatasetResult r;
    r.name = config.name;
    r.on = config.on;
    for (std::size_t k = 0; k < DATA_INCIDENT_KINDS; ++k) {
      const DataKindStatistics& ks = s.kinds[k];
      r.incidents += ks.incidents;
      r.unrecoverable += ks.unrecoverable;
      r.failed_restores += ks.failed_restores;
      if (ks.incidents == 0) continue;
      DataKindResult kind;
      kind.kind = static_cast<DataIncidentKind>(k);
      kind.incidents = ks.incidents;
      kind.incidents_per_year = static_cast<double>(ks.incidents) / exposure_years;
      kind.unrecoverable = ks.unrecoverable;
      kind.failed_restores = ks.failed_restores;
      kind.point_in_time = ks.point_in_time;
      kind.rto = summary_of(ks.rto);
      kind.rpo = summary_of(ks.rpo);
      kind.rpo_mean_s = estimate_mean(ks.rpo);
      kind.rto_mean_s = estimate_mean(ks.rto);
      kind.rpo_transactions = transactions(kind.rpo, config.writes_per_second);
      r.kinds.push_back(std::move(kind));
    }
    r.incidents_per_year = static_cast<double>(r.incidents) / exposure_years;
    r.rto = summary_of(s.rto);
    r.rpo = summary_of(s.rpo);
    r.rpo_mean_s = estimate_mean(s.rpo);
    r.rpo_transactions = transactions(r.rpo, config.writes_per_second);
    r.exposure = summary_of(s.exposure);
    r.unrecoverable_per_horizon =
        static_cast<double>(s.trials_unrecoverable) / static_cast<double>(trials);
    r.unrecoverable_per_horizon_ci = wilson_interval(s.trials_unrecoverable, trials);
    r.unrecoverable_per_year = per_year(r.unrecoverable_per_horizon, years);
    r.unrecoverable_per_year_ci = Interval{per_year(r.unrecoverable_per_horizon_ci.low, years),
                                           per_year(r.unrecoverable_per_horizon_ci.high, years)};
    if (config.rto_s)
      r.targets.push_back(quantile_target("rto", *config.rto_s, config.rto_quantile, s.rto));
    if (config.rpo_s)
      r.targets.push_back(quantile_target("rpo", *config.rpo_s, config.rpo_quantile, s.rpo));
    if (config.unrecoverable_per_year)
      r.targets.push_back(unrecoverable_target(*config.unrecoverable_per_year, r, years));
    result.push_back(std::move(r));
  }
  return result;
}

std::vector<std::string> data_warnings(const Topology& topology,
                                       const std::vector<DatasetResult>& datasets) {
  std::vector<std::string> warnings;
  const auto& data = topology.scenario().data;
  for (std::size_t d = 0; d < datasets.size(); ++d) {
    const DatasetResult& r = datasets[d];
    const bool backed_up =
        std::any_of(data.backups.begin(), data.backups.end(),
                    [&](const BackupPolicy& p) { return p.dataset == data.datasets[d].name; });
    if (!backed_up)
      warnings.push_back("dataset '" + r.name +
                         "' has no backups: every incident needing a restore loses its data");
    if (r.unrecoverable > 0)
      warnings.push_back("DATA LOST FOR GOOD: dataset '" + r.name + "' could not be restored in " +
                         std::to_string(r.unrecoverable) + " of " + std::to_string(r.incidents) +
                         " incidents (" + number(r.unrecoverable_per_year * 100.0) +
                         "% a year, 95% CI " + number(r.unrecoverable_per_year_ci.low * 100.0) +
                         "% – " + number(r.unrecoverable_per_year_ci.high * 100.0) + "%)");
  }
  return warnings;
}

}  // namespace resim
