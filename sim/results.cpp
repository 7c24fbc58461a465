#include "sim/results.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "models/analysis.h"
#include "models/duration.h"
#include "sim/quantile_table.h"

namespace resim {

namespace {

DurationSummary summarize_durations(const Histogram& durations) {
  DurationSummary s;
  s.count = durations.count();
  if (durations.empty()) return s;
  s.mean_s = durations.mean();
  s.p50_s = durations.quantile(0.50);
  s.p95_s = durations.quantile(0.95);
  s.p99_s = durations.quantile(0.99);
  s.max_s = durations.max();
  s.table_s = quantile_table(durations);
  return s;
}

// The estimate of a per-trial figure x scaled to x · factor (per year, per horizon).
Estimate scaled(Estimate e, double factor) {
  e.mean *= factor;
  e.std_error *= factor;
  e.half_width *= factor;
  return e;
}

std::string percent(double share, int digits = 4) {
  std::ostringstream out;
  out.precision(digits);
  out << share * 100.0 << "%";
  return out.str();
}

std::vector<FailoverResult> summarize_failovers(const Topology& topology, const RunData& data,
                                                double exposure_years) {
  const auto& groups = topology.scenario().failover_groups;
  std::vector<FailoverResult> result(groups.size());
  for (std::size_t g = 0; g < groups.size(); ++g) {
    FailoverResult& f = result[g];
    const FailoverAccumulator& totals = data.totals.failovers[g];
    f.name = groups[g].name;
    f.incidents = totals.rto.count();
    f.promotions = totals.rpo.count();
    f.manual = totals.manual;
    f.stood_down = totals.stood_down;
    f.incidents_per_year = static_cast<double>(f.incidents) / exposure_years;
    f.manual_share =
        f.promotions > 0 ? static_cast<double>(f.manual) / static_cast<double>(f.promotions) : 0.0;
    f.manual_share_ci = wilson_interval(f.manual, f.promotions);
    f.data_lost_per_year_s = totals.rpo.sum() / exposure_years;
    if (groups[g].writes_per_second > 0.0)
      f.transactions_lost_per_year = f.data_lost_per_year_s * groups[g].writes_per_second;
    f.rto = summarize_durations(totals.rto);
    f.rto_promoted = summarize_durations(totals.rto_promoted);
    f.rto_returned = summarize_durations(totals.rto_returned);
    f.rpo = summarize_durations(totals.rpo);
  }
  return result;
}

std::vector<CauseResult> summarize_causes(const Topology& topology, const RunData& data,
                                          double exposure_years) {
  const auto& causes = topology.causes();
  const auto& durations = data.totals.cause_durations;
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
    cause.outages_per_year = static_cast<double>(durations[c].count()) / exposure_years;
    cause.outage_durations = summarize_durations(durations[c]);
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

void add_honesty_warnings(Results& r) {
  const std::int64_t outages = r.outage_durations.count;
  if (outages == 0) {
    const double trial_years = static_cast<double>(r.trials) * r.horizon_s / SECONDS_PER_YEAR;
    std::ostringstream out;
    out << "no unplanned outage of the service in " << trial_years
        << " simulated years: its availability interval is not informative; with 95% confidence "
           "outages are rarer than "
        << 3.0 / trial_years << " per year (rule of three). Run more trials to measure it";
    r.warnings.push_back(out.str());
  } else if (outages < 30) {
    r.warnings.push_back(
        "only " + std::to_string(outages) +
        " outages were observed: intervals rest on few events; run more trials (--trials)");
  }
  for (const auto& set : r.target_sets)
    for (const auto& t : set.targets) {
      if (t.kind == TargetKind::AVAILABILITY || t.kind == TargetKind::UNRECOVERABLE) continue;
      const std::string noun = t.on_dataset                ? "restores"
                               : t.kind == TargetKind::RTO ? "outages"
                                                           : "promotions";
      warn_if_few(r, "'" + set.name + "' " + to_string(t.kind) + " target on '" + t.on + "'", noun,
                  t.quantile, t.observed);
    }
  if (r.unfinished_outages > 0)
    r.warnings.push_back(
        std::to_string(r.unfinished_outages) +
        " outages were still open 100 horizons after the horizon and are left out of "
        "the outage durations");
}

}  // namespace

bool has_demand(const Topology& topology) {
  const auto& graph = topology.graph();
  for (auto v : boost::make_iterator_range(boost::vertices(graph)))
    if (graph[v].demand) return true;
  return false;
}

double nines_of(double availability) {
  return availability <= 0.0 ? 0.0 : -std::log10(1.0 - availability);
}

Verdict Results::verdict() const {
  Verdict v = Verdict::MET;
  for (const auto& set : target_sets) v = worse(v, set.verdict);
  for (const auto& dataset : datasets)
    for (const auto& t : dataset.targets)
      v = worse(v, t.met ? Verdict::MET : t.conclusive ? Verdict::MISSED : Verdict::INCONCLUSIVE);
  return v;
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
  const double horizon = options.horizon_s;
  // Availability is 1 − downtime / horizon: its interval and percentiles come from those of
  // downtime, which near zero the histogram resolves to 0.5 % (availability's own values would
  // all share a bin near 1). Availability's p1 is downtime's p99.
  const Histogram& downtime = data.totals.trial_downtime_s;
  const Estimate unavailability = scaled(estimate_mean(downtime), 1.0 / horizon);
  r.availability = unavailability;
  r.availability.mean = 1.0 - unavailability.mean;
  if (r.availability.mean < 1.0) r.nines = nines_of(r.availability.mean);
  r.availability_p1 = 1.0 - downtime.quantile(0.99) / horizon;
  r.availability_p5 = 1.0 - downtime.quantile(0.95) / horizon;
  r.availability_p50 = 1.0 - downtime.quantile(0.50) / horizon;
  if (!downtime.empty())
    for (double level : QUANTILE_TABLE_LEVELS)
      r.availability_table.push_back(1.0 - downtime.quantile(1.0 - level) / horizon);
  r.downtime_per_year_s = scaled(estimate_mean(downtime), 1.0 / years_per_trial);
  r.downtime_p50_s = downtime.quantile(0.50) / years_per_trial;
  r.downtime_p90_s = downtime.quantile(0.90) / years_per_trial;
  r.downtime_p99_s = downtime.quantile(0.99) / years_per_trial;
  r.downtime_table_s = quantile_table(downtime, 1.0 / years_per_trial);
  r.outages_per_year = scaled(estimate_mean(data.totals.trial_outages), 1.0 / years_per_trial);
  r.planned_outages_per_year =
      scaled(estimate_mean(data.totals.trial_planned_outages), 1.0 / years_per_trial);
  r.planned_downtime_per_year_s =
      scaled(estimate_mean(data.totals.trial_planned_downtime_s), 1.0 / years_per_trial);
  r.availability_excluding_planned =
      scaled(estimate_mean(data.totals.trial_unplanned_downtime_s), 1.0 / horizon);
  r.availability_excluding_planned.mean = 1.0 - r.availability_excluding_planned.mean;
  if (has_demand(topology)) {
    r.served_fraction = scaled(estimate_mean(data.totals.trial_served_s), 1.0 / horizon);
    r.degraded_per_year_s =
        scaled(estimate_mean(data.totals.trial_degraded_s), 1.0 / years_per_trial);
  }

  r.outage_durations = summarize_durations(data.totals.outage_durations);
  r.unfinished_outages = data.totals.unfinished_outages;
  r.causes =
      summarize_causes(topology, data, static_cast<double>(options.trials) * years_per_trial);
  r.failovers =
      summarize_failovers(topology, data, static_cast<double>(options.trials) * years_per_trial);
  r.datasets = summarize_datasets(topology, options.horizon_s, options.trials, data.totals.data);

  r.target_sets = judge_targets(topology, options, data);
  r.warnings = topology.warnings();
  add_honesty_warnings(r);
  const auto data_lost = data_warnings(topology, r.datasets);
  r.warnings.insert(r.warnings.end(), data_lost.begin(), data_lost.end());
  return r;
}

}  // namespace resim

namespace resim {

void compare_with_exact(Results& r, const Topology& topology) {
  if (!not_analysable_reasons(topology, AnalysisMethod::STEADY_STATE).empty()) return;
  // Building the diagram of a large model costs more than a run should spend on a side check
  // (0.5 s at 10 000 instances): above this size `resim analyze` does it on request.
  if (topology.processes().size() > MAX_PROCESSES_FOR_EXACT_IN_RUN) {
    r.warnings.push_back("the exact steady-state comparison was skipped: " +
                         std::to_string(topology.processes().size()) +
                         " failure processes, above the " +
                         std::to_string(MAX_PROCESSES_FOR_EXACT_IN_RUN) +
                         " that `resim run` analyses; `resim analyze` computes it");
    return;
  }
  try {
    r.exact_availability = analyze_steady_state(topology).availability;
  } catch (const AnalysisError&) {
    return;  // too large to solve exactly: the simulation stands alone
  }
  // Without any downtime there is no interval to compare with: the honesty warnings say so.
  if (r.availability.half_width == 0.0) return;
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
