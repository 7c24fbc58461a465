#include "reports/data_report.h"

#include <cmath>
#include <string>

#include "models/duration.h"
#include "reports/terminal_report.h"

namespace resim {

namespace {

using nlohmann::json;

json interval(const Interval& i) {
  return json::array({i.low, i.high});
}

json durations(const DurationSummary& d) {
  return json{{"count", d.count}, {"mean", d.mean_s}, {"p50", d.p50_s},    {"p95", d.p95_s},
              {"p99", d.p99_s},   {"max", d.max_s},   {"table", d.table_s}};
}

// Null where a figure is not finite (the interval of a single value), as JSON has no infinity.
json finite(double value) {
  return std::isfinite(value) ? json(value) : json(nullptr);
}

json estimate(const Estimate& e) {
  return json{{"mean", e.mean},
              {"n", e.n},
              {"std_error", finite(e.std_error)},
              {"ci95", json::array({finite(e.low()), finite(e.high())})}};
}

json transactions(const std::optional<TransactionSummary>& t) {
  if (!t) return nullptr;
  return json{
      {"mean", t->mean}, {"p50", t->p50}, {"p95", t->p95}, {"p99", t->p99}, {"max", t->max}};
}

json target(const DataTargetResult& t) {
  json out{{"name", t.name},
           {"met", t.met},
           {"conclusive", t.conclusive},
           {"achieved_ci95", interval(t.achieved_ci)},
           {"detail", t.detail}};
  if (t.name == "unrecoverable") {
    out["target_per_year"] = t.target;
    out["achieved_per_year"] = t.achieved;
  } else {
    out["target_s"] = t.target;
    out["quantile"] = t.quantile;
    out["achieved_s"] = t.achieved;
    out["share_within"] = t.share_within;
  }
  return out;
}

std::string percent(double p) {
  return format_number(p < 0.001 && p > 0.0 ? "%.2g%%" : "%.3g%%", p * 100.0);
}

// "–" where no incident of the kind was recovered: there is no distribution to show.
std::string duration_or_dash(double seconds, std::int64_t count) {
  return count > 0 ? format_duration(seconds) : "–";
}

std::string rpo_text(double seconds, const std::optional<TransactionSummary>& t, double tx,
                     std::int64_t count) {
  if (count == 0) return "–";
  std::string text = format_duration(seconds);
  if (t) text += " (" + format_number("%.3g", tx) + " tx)";
  return text;
}

}  // namespace

void print_data_loss_banner(std::ostream& out, const Results& r) {
  for (const auto& d : r.datasets) {
    if (d.unrecoverable == 0) continue;
    out << "!! DATA LOST FOR GOOD  '" << d.name << "': " << percent(d.unrecoverable_per_year)
        << " a year (95% CI " << percent(d.unrecoverable_per_year_ci.low) << " – "
        << percent(d.unrecoverable_per_year_ci.high) << "), " << d.unrecoverable << " of "
        << d.incidents << " incidents had no usable recovery point\n";
  }
}

void print_datasets(std::ostream& out, const Results& r) {
  if (r.datasets.empty()) return;
  out << "\nDatasets (restores from backup; RTO: need to data restored, RPO: writes discarded)\n";
  for (const auto& d : r.datasets) {
    out << "  " << d.name << " on " << d.on << ": " << format_number("%.3g", d.incidents_per_year)
        << " restores/yr, unrecoverable " << percent(d.unrecoverable_per_year) << "/yr (95% CI "
        << percent(d.unrecoverable_per_year_ci.low) << " – "
        << percent(d.unrecoverable_per_year_ci.high) << ")";
    if (d.failed_restores > 0) out << ", " << d.failed_restores << " failed restore attempts";
    out << "\n";
    if (d.kinds.empty()) continue;
    out << "    " << padded("kind", 16) << padded("per yr", 10) << padded("lost", 7)
        << padded("RTO p50", 10) << padded("RTO p99", 10) << padded("RTO max", 10)
        << padded("RPO p50", 10) << padded("RPO p99", 22) << "RPO max\n";
    for (const auto& k : d.kinds) {
      const auto& t = k.rpo_transactions;
      out << "    " << padded(to_string(k.kind), 16)
          << padded(format_number("%.3g", k.incidents_per_year), 10)
          << padded(std::to_string(k.unrecoverable), 7)
          << padded(duration_or_dash(k.rto.p50_s, k.rto.count), 10)
          << padded(duration_or_dash(k.rto.p99_s, k.rto.count), 10)
          << padded(duration_or_dash(k.rto.max_s, k.rto.count), 10)
          << padded(duration_or_dash(k.rpo.p50_s, k.rpo.count), 10)
          << padded(rpo_text(k.rpo.p99_s, t, t ? t->p99 : 0.0, k.rpo.count), 22)
          << rpo_text(k.rpo.max_s, t, t ? t->max : 0.0, k.rpo.count) << "\n";
    }
    if (d.exposure.count > 0)
      out << "    exposure on bad data (bad write to detection): p50 "
          << format_duration(d.exposure.p50_s) << "   p95 " << format_duration(d.exposure.p95_s)
          << "   max " << format_duration(d.exposure.max_s) << "\n";
    for (const auto& t : d.targets) {
      std::string label = t.name == "unrecoverable"
                              ? "unrecoverable ≤ " + format_number("%.3g", t.target) + "/yr"
                              : t.name + " ≤ " + format_duration(t.target);
      out << "    target " << padded(label, 34)
          << padded(t.met          ? "MET"
                    : t.conclusive ? "MISSED"
                                   : "UNDECIDED",
                    10)
          << t.detail << "\n";
    }
  }
}

json datasets_to_json(const Results& r) {
  json out = json::array();
  for (const auto& d : r.datasets) {
    json kinds = json::array();
    for (const auto& k : d.kinds)
      kinds.push_back(json{{"kind", to_string(k.kind)},
                           {"incidents", k.incidents},
                           {"incidents_per_year", k.incidents_per_year},
                           {"unrecoverable", k.unrecoverable},
                           {"failed_restores", k.failed_restores},
                           {"point_in_time", k.point_in_time},
                           {"rto_s", durations(k.rto)},
                           {"rto_mean_s", estimate(k.rto_mean_s)},
                           {"rpo_s", durations(k.rpo)},
                           {"rpo_mean_s", estimate(k.rpo_mean_s)},
                           {"rpo_transactions", transactions(k.rpo_transactions)}});
    json targets = json::array();
    for (const auto& t : d.targets) targets.push_back(target(t));
    out.push_back(json{{"name", d.name},
                       {"on", d.on},
                       {"incidents", d.incidents},
                       {"incidents_per_year", d.incidents_per_year},
                       {"unrecoverable", d.unrecoverable},
                       {"failed_restores", d.failed_restores},
                       {"kinds", kinds},
                       {"rto_s", durations(d.rto)},
                       {"rpo_s", durations(d.rpo)},
                       {"rpo_mean_s", estimate(d.rpo_mean_s)},
                       {"rpo_transactions", transactions(d.rpo_transactions)},
                       {"exposure_s", durations(d.exposure)},
                       {"unrecoverable_per_horizon", d.unrecoverable_per_horizon},
                       {"unrecoverable_per_horizon_ci95", interval(d.unrecoverable_per_horizon_ci)},
                       {"unrecoverable_per_year", d.unrecoverable_per_year},
                       {"unrecoverable_per_year_ci95", interval(d.unrecoverable_per_year_ci)},
                       {"targets", targets}});
  }
  return out;
}

}  // namespace resim
