#include "sim/results.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "models/analysis.h"
#include "models/duration.h"
#include "sim/quantile_table.h"

namespace resim {

namespace {

DurationSummary summarize_durations(std::vector<double> durations) {
  DurationSummary s;
  s.count = static_cast<std::int64_t>(durations.size());
  if (durations.empty()) return s;
  std::sort(durations.begin(), durations.end());
  double sum = 0.0;
  for (double d : durations) sum += d;
  s.mean_s = sum / static_cast<double>(durations.size());
  s.p50_s = quantile_sorted(durations, 0.50);
  s.p95_s = quantile_sorted(durations, 0.95);
  s.p99_s = quantile_sorted(durations, 0.99);
  s.max_s = durations.back();
  s.table_s = quantile_table(durations);
  return s;
}

std::vector<double> sorted_quantile_table(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return quantile_table(values);
}

std::string percent(double share, int digits = 4) {
  std::ostringstream out;
  out.precision(digits);
  out << share * 100.0 << "%";
  return out.str();
}

// Trials needed for an interval of half-width |mean - target|, from the CLT scaling n ~ 1/w^2.
std::int64_t trials_to_decide(const Estimate& e, double target) {
  const double gap = std::fabs(e.mean - target);
  if (gap <= 0.0 || !std::isfinite(e.half_width)) return -1;
  const double needed = static_cast<double>(e.n) * std::pow(e.half_width / gap, 2.0);
  return static_cast<std::int64_t>(std::ceil(std::min(needed, 1e12)));
}

TargetResult availability_target(double target, const Results& r,
                                 const std::vector<double>& per_trial) {
  TargetResult t;
  t.name = "availability";
  t.target = target;
  t.achieved = r.availability.mean;
  t.achieved_ci = Interval{r.availability.low(), r.availability.high()};
  t.met = r.availability.mean >= target;
  t.conclusive = target < t.achieved_ci.low || target > t.achieved_ci.high;
  const auto good =
      std::count_if(per_trial.begin(), per_trial.end(), [&](double a) { return a >= target; });
  t.year_probability = static_cast<double>(good) / static_cast<double>(per_trial.size());
  t.year_probability_ci = wilson_interval(good, static_cast<std::int64_t>(per_trial.size()));
  t.detail = std::string(t.met ? "met" : "missed") + ": mean availability " +
             percent(t.achieved, 8) + " against a target of " + percent(target, 8);
  if (!t.conclusive) {
    const std::int64_t needed = trials_to_decide(r.availability, target);
    t.detail += "; inconclusive, the 95% interval contains the target";
    if (needed > 0) t.detail += " (about " + std::to_string(needed) + " trials would settle it)";
  }
  return t;
}

// A target on a duration per incident (rto: outage durations; rpo: data lost per promotion):
// met when at least `quantile` of the incidents are within it.
TargetResult quantile_target(const std::string& name, const std::string& noun, double limit_s,
                             double quantile, std::vector<double> durations,
                             const std::vector<double>& worst_per_trial) {
  TargetResult t;
  t.name = name;
  t.target = limit_s;
  std::sort(durations.begin(), durations.end());
  const auto n = static_cast<std::int64_t>(durations.size());
  const auto within =
      std::upper_bound(durations.begin(), durations.end(), limit_s) - durations.begin();
  t.achieved = quantile_sorted(durations, quantile);
  t.achieved_ci = wilson_interval(within, n);
  t.share_within = n > 0 ? static_cast<double>(within) / static_cast<double>(n) : 1.0;
  t.met = t.share_within >= quantile;
  t.conclusive = n > 0 && (quantile < t.achieved_ci.low || quantile > t.achieved_ci.high);
  const auto good_years = std::count_if(worst_per_trial.begin(), worst_per_trial.end(),
                                        [&](double worst) { return worst <= limit_s; });
  const auto trials = static_cast<std::int64_t>(worst_per_trial.size());
  t.year_probability = static_cast<double>(good_years) / static_cast<double>(trials);
  t.year_probability_ci = wilson_interval(good_years, trials);
  if (n == 0) {
    t.detail = "met: no " + noun + " was observed, so none exceeded " + format_duration(limit_s);
    return t;
  }
  t.detail = std::string(t.met ? "met" : "missed") + ": " + percent(t.share_within) + " of " +
             std::to_string(n) + " " + noun + "s were within " + format_duration(limit_s) +
             " (target: " + percent(quantile) + ")";
  if (!t.conclusive)
    t.detail += "; inconclusive, the 95% interval of that share contains the target";
  return t;
}

TargetResult rto_target(double rto_s, double quantile, const RunData& data) {
  std::vector<double> durations;
  for (const auto& outage : data.totals.outages) durations.push_back(outage.duration_s);
  return quantile_target("rto", "outage", rto_s, quantile, std::move(durations),
                         data.longest_outage_s);
}

TargetResult rpo_target(double rpo_s, double quantile, const RunData& data) {
  std::vector<double> losses;
  for (const auto& record : data.totals.failovers)
    if (record.promoted) losses.push_back(record.rpo_s);
  return quantile_target("rpo", "promotion", rpo_s, quantile, std::move(losses), data.worst_rpo_s);
}

std::vector<FailoverResult> summarize_failovers(const Topology& topology, const RunData& data,
                                                double exposure_years) {
  const auto& groups = topology.scenario().failover_groups;
  std::vector<FailoverResult> result(groups.size());
  std::vector<std::vector<double>> rto(groups.size()), rpo(groups.size());
  for (const auto& record : data.totals.failovers) {
    const auto g = static_cast<std::size_t>(record.group);
    ++result[g].incidents;
    rto[g].push_back(record.rto_s);
    if (!record.promoted) continue;
    ++result[g].promotions;
    result[g].manual += record.manual ? 1 : 0;
    rpo[g].push_back(record.rpo_s);
  }
  for (std::size_t g = 0; g < groups.size(); ++g) {
    FailoverResult& f = result[g];
    f.name = groups[g].name;
    f.incidents_per_year = static_cast<double>(f.incidents) / exposure_years;
    f.manual_share =
        f.promotions > 0 ? static_cast<double>(f.manual) / static_cast<double>(f.promotions) : 0.0;
    f.manual_share_ci = wilson_interval(f.manual, f.promotions);
    double lost = 0.0;
    for (double r : rpo[g]) lost += r;
    f.data_lost_per_year_s = lost / exposure_years;
    if (groups[g].writes_per_second > 0.0)
      f.transactions_lost_per_year = f.data_lost_per_year_s * groups[g].writes_per_second;
    f.rto = summarize_durations(std::move(rto[g]));
    f.rpo = summarize_durations(std::move(rpo[g]));
  }
  return result;
}

std::vector<CauseResult> summarize_causes(const Topology& topology, const RunData& data,
                                          double exposure_years) {
  const auto& causes = topology.causes();
  std::vector<std::vector<double>> durations(causes.size());
  for (const auto& outage : data.totals.outages)
    durations[static_cast<std::size_t>(outage.cause)].push_back(outage.duration_s);
  double total_downtime = 0.0;
  for (double d : data.totals.cause_downtime_s) total_downtime += d;
  std::vector<CauseResult> result;
  for (std::size_t c = 0; c < causes.size(); ++c) {
    const double downtime =
        c < data.totals.cause_downtime_s.size() ? data.totals.cause_downtime_s[c] : 0.0;
    if (durations[c].empty() && downtime == 0.0) continue;
    CauseResult cause{causes[c].name, causes[c].kind, 0.0, 0.0, 0.0, {}};
    cause.downtime_share = total_downtime > 0.0 ? downtime / total_downtime : 0.0;
    cause.downtime_per_year_s = downtime / exposure_years;
    cause.outages_per_year = static_cast<double>(durations[c].size()) / exposure_years;
    cause.outage_durations = summarize_durations(std::move(durations[c]));
    result.push_back(std::move(cause));
  }
  std::stable_sort(result.begin(), result.end(), [](const CauseResult& a, const CauseResult& b) {
    return a.downtime_share > b.downtime_share;
  });
  return result;
}

// A quantile q of n observations is only resolved when about 10 fall beyond it: n ≥ 10/(1 − q).
void warn_if_few(Results& r, const std::string& target, const std::string& noun, double quantile,
                 std::int64_t n) {
  const double needed = 10.0 / (1.0 - quantile);
  if (n <= 0 || static_cast<double>(n) >= needed) return;
  r.warnings.push_back("the " + target + " target looks at the " + percent(quantile) +
                       " quantile of " + noun + ", which needs about " +
                       std::to_string(static_cast<long long>(needed)) + " " + noun + "; only " +
                       std::to_string(n) + " were seen: run more trials");
}

void add_honesty_warnings(Results& r, const Targets& targets) {
  const std::int64_t outages = r.outage_durations.count;
  if (outages == 0) {
    const double trial_years = static_cast<double>(r.trials) * r.horizon_s / SECONDS_PER_YEAR;
    std::ostringstream out;
    out << "no outage of the service in " << trial_years
        << " simulated years: its availability interval is not informative; with 95% confidence "
           "outages are rarer than "
        << 3.0 / trial_years << " per year (rule of three). Run more trials to measure it";
    r.warnings.push_back(out.str());
  } else if (outages < 30) {
    r.warnings.push_back(
        "only " + std::to_string(outages) +
        " outages were observed: intervals rest on few events; run more trials (--trials)");
  }
  if (targets.rto_s) warn_if_few(r, "rto", "outages", targets.rto_quantile, outages);
  if (targets.rpo_s) {
    std::int64_t promotions = 0;
    for (const auto& f : r.failovers) promotions += f.promotions;
    warn_if_few(r, "rpo", "promotions", targets.rpo_quantile, promotions);
  }
  if (r.unfinished_outages > 0)
    r.warnings.push_back(
        std::to_string(r.unfinished_outages) +
        " outages were still open 100 horizons after the horizon and are left out of "
        "the outage durations");
}

bool has_demand(const Topology& topology) {
  const auto& graph = topology.graph();
  for (auto v : boost::make_iterator_range(boost::vertices(graph)))
    if (graph[v].demand) return true;
  return false;
}

}  // namespace

double nines_of(double availability) {
  return -std::log10(1.0 - availability);
}

bool Results::all_targets_met() const {
  return std::all_of(targets.begin(), targets.end(), [](const TargetResult& t) { return t.met; });
}

Results summarize(const Topology& topology, const RunOptions& options, const RunData& data) {
  Results r;
  const Scenario& scenario = topology.scenario();
  r.scenario_name = scenario.name;
  r.scenario_file = scenario.file;
  r.service = scenario.service;
  r.trials = options.trials;
  r.seed = options.seed;
  r.horizon_s = options.horizon_s;
  r.threads = data.threads_used;
  r.events = data.totals.events;
  r.wall_s = data.wall_s;

  const double years_per_trial = options.horizon_s / SECONDS_PER_YEAR;
  std::vector<double> availability, downtime_per_year, outages_per_year;
  for (std::size_t t = 0; t < data.downtime_s.size(); ++t) {
    availability.push_back(1.0 - data.downtime_s[t] / options.horizon_s);
    downtime_per_year.push_back(data.downtime_s[t] / years_per_trial);
    outages_per_year.push_back(static_cast<double>(data.outages[t]) / years_per_trial);
  }
  r.availability = estimate_mean(availability);
  if (r.availability.mean < 1.0) r.nines = nines_of(r.availability.mean);
  const auto a = quantiles(availability, {0.01, 0.05, 0.50});
  r.availability_p1 = a[0];
  r.availability_p5 = a[1];
  r.availability_p50 = a[2];
  r.availability_table = sorted_quantile_table(availability);
  r.downtime_per_year_s = estimate_mean(downtime_per_year);
  const auto d = quantiles(downtime_per_year, {0.50, 0.90, 0.99});
  r.downtime_p50_s = d[0];
  r.downtime_p90_s = d[1];
  r.downtime_p99_s = d[2];
  r.downtime_table_s = sorted_quantile_table(downtime_per_year);
  r.outages_per_year = estimate_mean(outages_per_year);
  if (has_demand(topology)) {
    std::vector<double> served, degraded;
    for (std::size_t t = 0; t < data.served_s.size(); ++t) {
      served.push_back(data.served_s[t] / options.horizon_s);
      degraded.push_back(data.degraded_s[t] / years_per_trial);
    }
    r.served_fraction = estimate_mean(served);
    r.degraded_per_year_s = estimate_mean(degraded);
  }

  std::vector<double> durations;
  for (const auto& outage : data.totals.outages) durations.push_back(outage.duration_s);
  r.outage_durations = summarize_durations(std::move(durations));
  r.unfinished_outages = data.totals.unfinished_outages;
  r.causes =
      summarize_causes(topology, data, static_cast<double>(options.trials) * years_per_trial);
  r.failovers =
      summarize_failovers(topology, data, static_cast<double>(options.trials) * years_per_trial);

  if (scenario.targets.availability)
    r.targets.push_back(availability_target(*scenario.targets.availability, r, availability));
  if (scenario.targets.rto_s)
    r.targets.push_back(rto_target(*scenario.targets.rto_s, scenario.targets.rto_quantile, data));
  if (scenario.targets.rpo_s)
    r.targets.push_back(rpo_target(*scenario.targets.rpo_s, scenario.targets.rpo_quantile, data));
  r.warnings = topology.warnings();
  add_honesty_warnings(r, scenario.targets);
  return r;
}

}  // namespace resim

namespace resim {

void compare_with_exact(Results& r, const Topology& topology) {
  if (!not_analysable_reasons(topology, AnalysisMethod::STEADY_STATE).empty()) return;
  try {
    r.exact_availability = analyze_steady_state(topology).availability;
  } catch (const AnalysisError&) {
    return;  // too large to solve exactly: the simulation stands alone
  }
  // z(0.9995) / z(0.975): the 99.9 % interval, so a correct simulation warns one run in 1000.
  const double tolerance = r.availability.half_width * 3.2905267314919255 / 1.959963984540054;
  if (std::fabs(r.availability.mean - *r.exact_availability) > tolerance) {
    std::ostringstream out;
    out.precision(8);
    out << "the simulated availability " << r.availability.mean
        << " differs from the exact steady-state value " << *r.exact_availability
        << " by more than its 99.9% interval allows; the simulation starts with "
        << "everything up, which matters when repairs are long against the horizon, or there are "
           "too few outages";
    r.warnings.push_back(out.str());
  }
}

}  // namespace resim
