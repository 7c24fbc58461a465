#include "reports/json_report.h"

#include "reports/data_report.h"
#include "sim/quantile_table.h"

namespace resim {

namespace {

using nlohmann::json;

json interval(double low, double high) {
  return json::array({low, high});
}

json estimate(const Estimate& e) {
  return json{{"mean", e.mean}, {"std_error", e.std_error}, {"ci95", interval(e.low(), e.high())}};
}

// [[level, value], ...] at QUANTILE_TABLE_LEVELS: a distribution's CDF for charts.
json quantile_pairs(const std::vector<double>& table) {
  json pairs = json::array();
  for (std::size_t i = 0; i < table.size(); ++i)
    pairs.push_back(json::array({QUANTILE_TABLE_LEVELS[i], table[i]}));
  return pairs;
}

json durations(const DurationSummary& d) {
  return json{
      {"mean", d.mean_s}, {"p50", d.p50_s}, {"p95", d.p95_s}, {"p99", d.p99_s}, {"max", d.max_s}};
}

// With the number of observations: for splits whose counts are not given elsewhere.
json counted_durations(const DurationSummary& d) {
  json out = durations(d);
  out["count"] = d.count;
  return out;
}

// With the quantile table: the distributions the report draws as CDFs.
json durations_with_table(const DurationSummary& d) {
  json out = durations(d);
  out["quantiles"] = quantile_pairs(d.table_s);
  return out;
}

json target(const TargetResult& t) {
  json out{{"set", t.set},
           {"on", t.on},
           {"on_dataset", t.on_dataset},
           {"name", to_string(t.kind)},
           {"period", to_string(t.period)},
           {"verdict", to_string(t.verdict)},
           {"met", t.verdict == Verdict::MET},
           {"conclusive", t.verdict != Verdict::INCONCLUSIVE},
           {"observed", t.observed},
           {"periods", t.periods},
           {"period_probability", t.period_probability},
           {"period_probability_ci95",
            interval(t.period_probability_ci.low, t.period_probability_ci.high)},
           {"trials_to_settle", t.trials_to_settle ? json(*t.trials_to_settle) : json(nullptr)},
           {"detail", t.detail}};
  if (t.kind == TargetKind::UNRECOVERABLE) {
    out["target"] = t.target;
    out["achieved"] = t.achieved;
    out["achieved_ci95"] = interval(t.achieved_ci.low, t.achieved_ci.high);
  } else if (t.kind != TargetKind::AVAILABILITY) {
    out["target_s"] = t.target;
    out["quantile"] = t.quantile;
    out["achieved_s"] = t.achieved;
    out["share_within"] = t.share_within;
    out["share_within_ci95"] = interval(t.achieved_ci.low, t.achieved_ci.high);
  } else {
    out["target"] = t.target;
    out["exclude_planned"] = t.exclude_planned;
    out["achieved"] = t.achieved;
    out["achieved_ci95"] = interval(t.achieved_ci.low, t.achieved_ci.high);
  }
  return out;
}

}  // namespace

json results_to_json(const Results& r) {
  json availability = estimate(r.availability);
  availability["nines"] = r.nines ? json(*r.nines) : json(nullptr);
  availability["excluding_planned"] = estimate(r.availability_excluding_planned);
  availability["exact"] = r.exact_availability ? json(*r.exact_availability) : json(nullptr);
  availability["per_horizon"] = json{{"p1", r.availability_p1},
                                     {"p5", r.availability_p5},
                                     {"p50", r.availability_p50},
                                     {"quantiles", quantile_pairs(r.availability_table)}};

  json downtime = estimate(r.downtime_per_year_s);
  downtime["p50"] = r.downtime_p50_s;
  downtime["p90"] = r.downtime_p90_s;
  downtime["p99"] = r.downtime_p99_s;
  downtime["quantiles"] = quantile_pairs(r.downtime_table_s);

  const json outages{{"count", r.outage_durations.count},
                     {"unfinished", r.unfinished_outages},
                     {"per_year", estimate(r.outages_per_year)},
                     {"duration_s", durations_with_table(r.outage_durations)}};

  json causes = json::array();
  for (const auto& c : r.causes) {
    causes.push_back(json{{"name", c.name},
                          {"kind", to_string(c.kind)},
                          {"downtime_share", c.downtime_share},
                          {"downtime_per_year_s", c.downtime_per_year_s},
                          {"outages", json{{"count", c.outage_durations.count},
                                           {"per_year", c.outages_per_year},
                                           {"duration_s", durations(c.outage_durations)}}}});
  }
  json failovers = json::array();
  for (const auto& f : r.failovers) {
    failovers.push_back(
        json{{"name", f.name},
             {"incidents", f.incidents},
             {"promotions", f.promotions},
             {"manual", f.manual},
             {"stood_down", f.stood_down},
             {"incidents_per_year", f.incidents_per_year},
             {"manual_share", f.manual_share},
             {"manual_share_ci95", interval(f.manual_share_ci.low, f.manual_share_ci.high)},
             {"rto_s", durations_with_table(f.rto)},
             {"rto_by_end", json{{"promotion", counted_durations(f.rto_promoted)},
                                 {"return", counted_durations(f.rto_returned)}}},
             {"rpo_s", durations_with_table(f.rpo)},
             {"data_lost_per_year_s", f.data_lost_per_year_s},
             {"transactions_lost_per_year",
              f.transactions_lost_per_year ? json(*f.transactions_lost_per_year) : json(nullptr)}});
  }
  json targets = json::array();
  json target_sets = json::array();
  for (const auto& set : r.target_sets) {
    target_sets.push_back(json{{"name", set.name},
                               {"description", set.description},
                               {"period", to_string(set.period)},
                               {"verdict", to_string(set.verdict)}});
    for (const auto& t : set.targets) targets.push_back(target(t));
  }

  return json{{"format_version", RESULTS_FORMAT_VERSION},
              {"scenario",
               json{{"name", r.scenario_name}, {"file", r.scenario_file}, {"service", r.service}}},
              {"run", json{{"trials", r.trials},
                           {"seed", r.seed},
                           {"horizon_s", r.horizon_s},
                           {"events", r.events}}},
              {"availability", availability},
              {"downtime_per_year_s", downtime},
              {"outages", outages},
              {"capacity", r.served_fraction
                               ? json{{"served_fraction", estimate(*r.served_fraction)},
                                      {"degraded_per_year_s", estimate(*r.degraded_per_year_s)}}
                               : json(nullptr)},
              {"planned", json{{"outages_per_year", estimate(r.planned_outages_per_year)},
                               {"downtime_per_year_s", estimate(r.planned_downtime_per_year_s)}}},
              {"causes", causes},
              {"failovers", failovers},
              {"datasets", datasets_to_json(r)},
              {"targets", targets},
              {"target_sets", target_sets},
              {"verdict", to_string(r.verdict())},
              {"targets_met", r.verdict() == Verdict::MET},
              {"warnings", r.warnings}};
}

}  // namespace resim
