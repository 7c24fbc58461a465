#include "reports/terminal_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "models/duration.h"
#include "reports/data_report.h"

namespace resim {

namespace {

std::string percent(double share) {
  return format_number("%.1f%%", share * 100.0);
}

std::string with_interval(const std::string& mean, const std::string& low,
                          const std::string& high) {
  return mean + "  (95% CI " + low + " – " + high + ")";
}

void print_cause_row(std::ostream& out, const std::string& name, const std::string& kind,
                     double share, double downtime_s, double per_year, const std::string& p50,
                     const std::string& p95) {
  out << "  " << padded(name, 22) << padded(kind, 11) << padded(percent(share), 8)
      << padded(format_duration(downtime_s), 13) << padded(format_number("%.3g", per_year), 12)
      << padded(p50, 12) << p95 << "\n";
}

// The largest causes one by one, the rest summed, and the downtime by kind: a two-region design
// has dozens of causes, and a review reads the first few and the kinds.
void print_causes(std::ostream& out, const Results& r, const SummaryOptions& options) {
  if (r.causes.empty()) return;
  out << "\nWhat started the outages (downtime attributed to the failure that began each outage)\n";
  std::vector<std::pair<std::string, double>> kinds;  // in order of first appearance
  for (const auto& c : r.causes) {
    const std::string kind = to_string(c.kind);
    auto it =
        std::find_if(kinds.begin(), kinds.end(), [&](const auto& k) { return k.first == kind; });
    if (it == kinds.end())
      kinds.emplace_back(kind, c.downtime_share);
    else
      it->second += c.downtime_share;
  }
  std::stable_sort(kinds.begin(), kinds.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  out << "  by kind:";
  for (std::size_t i = 0; i < kinds.size(); ++i)
    out << (i ? ", " : " ") << kinds[i].first << " " << percent(kinds[i].second);
  out << "\n";
  out << "  " << padded("cause", 22) << padded("kind", 11) << padded("share", 8)
      << padded("downtime/yr", 13) << padded("outages/yr", 12) << padded("p50 outage", 12)
      << "p95 outage\n";
  const auto shown =
      std::min(r.causes.size(), static_cast<std::size_t>(std::max(0, options.top_causes)));
  for (std::size_t i = 0; i < shown; ++i) {
    const auto& c = r.causes[i];
    print_cause_row(out, c.name, to_string(c.kind), c.downtime_share, c.downtime_per_year_s,
                    c.outages_per_year, format_duration(c.outage_durations.p50_s),
                    format_duration(c.outage_durations.p95_s));
  }
  if (shown == r.causes.size()) return;
  double share = 0.0, downtime = 0.0, per_year = 0.0;
  for (std::size_t i = shown; i < r.causes.size(); ++i) {
    share += r.causes[i].downtime_share;
    downtime += r.causes[i].downtime_per_year_s;
    per_year += r.causes[i].outages_per_year;
  }
  print_cause_row(out, std::to_string(r.causes.size() - shown) + " more", "", share, downtime,
                  per_year, "", "(--top " + std::to_string(r.causes.size()) + " lists all)");
}

std::string ending(const DurationSummary& d) {
  return std::to_string(d.count) + " (RTO p50 " + format_duration(d.p50_s) + ", p99 " +
         format_duration(d.p99_s) + ")";
}

// A group's RTO mixes incidents a promotion ended with those its failed member's return ended:
// blips over before detection, or waits with no standby up (its zone or region down with it).
// Split, a p99 of hours reads as what it is.
void print_failover_endings(std::ostream& out, const Results& r) {
  bool header = false;
  for (const auto& f : r.failovers) {
    if (f.rto_promoted.count == 0 || f.rto_returned.count == 0) continue;
    if (!header) out << "  what ended the incidents:\n";
    header = true;
    out << "    " << padded(f.name, 16) << "by a promotion " << ending(f.rto_promoted) << "\n"
        << "    " << padded("", 16) << "by the failed member's return " << ending(f.rto_returned);
    if (f.rto_returned.p99_s > 2.0 * f.rto_promoted.p99_s)
      out << ": waiting with no standby up (its zone or region down too, typically)";
    out << "\n";
  }
}

void print_failovers(std::ostream& out, const Results& r) {
  if (r.failovers.empty()) return;
  out << "\nFailover groups (RTO: from the active member's failure to service; RPO: writes lost "
         "per promotion)\n";
  out << "  " << padded("group", 18) << padded("incidents/yr", 14) << padded("manual", 9)
      << padded("RTO p50", 10) << padded("RTO p99", 10) << padded("RPO p50", 10)
      << padded("RPO p99", 10) << "lost/yr\n";
  for (const auto& f : r.failovers) {
    std::string lost = format_duration(f.data_lost_per_year_s) + " of writes";
    if (f.transactions_lost_per_year)
      lost += " (" + format_quantity(*f.transactions_lost_per_year) + " transactions)";
    out << "  " << padded(f.name, 18) << padded(format_number("%.3g", f.incidents_per_year), 14)
        << padded(percent(f.manual_share), 9) << padded(format_duration(f.rto.p50_s), 10)
        << padded(format_duration(f.rto.p99_s), 10) << padded(format_duration(f.rpo.p50_s), 10)
        << padded(format_duration(f.rpo.p99_s), 10) << lost << "\n";
  }
  print_failover_endings(out, r);
}

std::string target_value(const TargetResult& t) {
  if (t.kind == TargetKind::AVAILABILITY)
    return "≥ " + format_number("%.10g%%", t.target * 100.0) + (t.exclude_planned ? "*" : "");
  if (t.kind == TargetKind::UNRECOVERABLE) return "≤ " + format_number("%.3g", t.target);
  return "≤ " + format_duration(t.target);
}

std::string verdict_label(Verdict v) {
  return v == Verdict::MET ? "MET" : v == Verdict::MISSED ? "MISSED" : "MET?";
}

// A column of the matrix: one kind of target on one element, whatever its value per set.
std::string column_of(const TargetResult& t) {
  std::string column = to_string(t.kind);
  if (t.kind == TargetKind::RTO || t.kind == TargetKind::RPO)
    column += " p" + format_number("%.4g", t.quantile * 100.0);
  return column + " · " + t.on;
}

// Sets as rows, kinds of target as columns: which tier a design supports, at a glance.
void print_target_matrix(std::ostream& out, const Results& r) {
  std::vector<std::string> columns;
  for (const auto& set : r.target_sets)
    for (const auto& t : set.targets)
      if (std::find(columns.begin(), columns.end(), column_of(t)) == columns.end())
        columns.push_back(column_of(t));
  constexpr std::size_t WIDTH = 28;
  out << "  " << padded("set", 20);
  for (const auto& c : columns) out << padded(c, WIDTH);
  out << "\n";
  for (const auto& set : r.target_sets) {
    out << "  " << padded(set.name + " (" + to_string(set.period) + ")", 20);
    for (const auto& c : columns) {
      std::string cell = "—";
      for (const auto& t : set.targets)
        if (column_of(t) == c)
          cell = verdict_label(t.verdict) + " " + target_value(t) + "  " +
                 percent(t.period_probability);
      out << padded(cell, WIDTH);
    }
    out << "\n";
  }
}

std::string achieved(const TargetResult& t) {
  if (t.kind == TargetKind::AVAILABILITY) return format_availability(t.achieved);
  if (t.kind == TargetKind::UNRECOVERABLE)
    return format_number("%.3g", t.achieved) + " per " + to_string(t.period);
  return "p" + format_number("%.4g", t.quantile * 100.0) + " " + format_duration(t.achieved);
}

void print_targets(std::ostream& out, const Results& r) {
  if (r.target_sets.empty()) return;
  out << "\nTargets (MET? = inconclusive; % = share of SLA periods that meet it; * = planned "
         "downtime excluded)\n";
  print_target_matrix(out, r);
  for (const auto& set : r.target_sets)
    for (const auto& t : set.targets) {
      out << "  " << padded(set.name, 12) << padded(to_string(t.kind), 14)
          << padded(target_value(t), 14) << padded("on " + t.on, 20)
          << padded(verdict_label(t.verdict), 8) << "achieved " << achieved(t) << "; " << t.detail
          << "\n";
      out << "  " << padded("", 12 + 14 + 14 + 20 + 8) << percent(t.period_probability) << " of "
          << t.periods << " simulated " << to_string(t.period) << "s meet it (95% CI "
          << percent(t.period_probability_ci.low) << " – " << percent(t.period_probability_ci.high)
          << ")\n";
    }
}

}  // namespace

// Pads to a width in characters, not bytes: labels hold UTF-8 such as '≥' and '–'.
std::string padded(std::string text, std::size_t width) {
  const auto characters =
      static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
      }));
  if (characters < width) text.append(width - characters, ' ');
  return text;
}

std::string format_number(const char* format, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, format, value);
  return buffer;
}

std::string format_availability(double availability) {
  const double unavailability = 1.0 - availability;
  int decimals = 2;
  if (unavailability > 0.0)
    decimals = std::clamp(static_cast<int>(std::floor(-std::log10(unavailability))), 0, 10);
  const std::string format = "%." + std::to_string(decimals + 2) + "f%%";
  return format_number(format.c_str(), availability * 100.0);
}

std::string format_quantity(double value) {
  if (std::fabs(value) >= 1e9) return format_number("%.3g billion", value / 1e9);
  if (std::fabs(value) >= 1e6) return format_number("%.3g million", value / 1e6);
  if (std::fabs(value) < 100.0) return format_number("%.3g", value);
  std::string digits = format_number("%.0f", std::fabs(value));
  for (auto at = static_cast<std::ptrdiff_t>(digits.size()) - 3; at > 0; at -= 3)
    digits.insert(static_cast<std::size_t>(at), ",");
  return (value < 0 ? "-" : "") + digits;
}

void print_summary(std::ostream& out, const Results& r, const SummaryOptions& options) {
  out << "resim — " << r.scenario_name << " (" << r.scenario_file << ")\n";
  out << "service '" << r.service << "': " << r.trials << " trials × "
      << format_duration(r.horizon_s) << ", seed " << r.seed << ", " << r.threads << " threads, "
      << r.events << " events in " << format_number("%.2f", r.wall_s) << " s\n\n";

  const Estimate& a = r.availability;
  out << padded("Availability", 20)
      << with_interval(format_availability(a.mean), format_availability(a.low()),
                       format_availability(std::min(1.0, a.high())));
  if (r.nines) out << "   " << format_number("%.2f", *r.nines) << " nines";
  if (r.planned_downtime_per_year_s.mean > 0.0)
    out << "\n"
        << padded("  without planned", 20)
        << format_availability(r.availability_excluding_planned.mean)
        << "  (planned downtime, such as failbacks, left out)";
  if (r.exact_availability)
    out << "\n"
        << padded("  exact", 20) << format_availability(*r.exact_availability)
        << "  (steady state, resim analyze)";
  out << "\n"
      << padded("  per horizon", 20) << "p1 " << format_availability(r.availability_p1) << "   p5 "
      << format_availability(r.availability_p5) << "   p50 "
      << format_availability(r.availability_p50) << "\n";

  const Estimate& d = r.downtime_per_year_s;
  out << padded("Downtime per year", 20)
      << with_interval(format_duration(d.mean), format_duration(std::max(0.0, d.low())),
                       format_duration(d.high()))
      << "\n";
  if (r.outage_durations.count > 0)
    out << padded("", 20) << "p50 " << format_duration(r.downtime_p50_s) << "   p90 "
        << format_duration(r.downtime_p90_s) << "   p99 " << format_duration(r.downtime_p99_s)
        << "\n";

  const Estimate& o = r.outages_per_year;
  out << padded("Outages per year", 20)
      << with_interval(format_number("%.3g", o.mean), format_number("%.3g", std::max(0.0, o.low())),
                       format_number("%.3g", o.high()))
      << "   (unplanned)\n";
  if (r.planned_outages_per_year.mean > 0.0)
    out << padded("Planned per year", 20) << format_number("%.3g", r.planned_outages_per_year.mean)
        << " outages, " << format_duration(r.planned_downtime_per_year_s.mean)
        << " down   (failbacks; not in the RTO figures)\n";
  if (r.served_fraction) {
    const Estimate& s = *r.served_fraction;
    const Estimate& g = *r.degraded_per_year_s;
    out << padded("Demand served", 20)
        << with_interval(format_availability(s.mean), format_availability(s.low()),
                         format_availability(std::min(1.0, s.high())))
        << "   (request-weighted availability)\n"
        << padded("Degraded per year", 20)
        << with_interval(format_duration(g.mean), format_duration(std::max(0.0, g.low())),
                         format_duration(g.high()))
        << "   (up, but short of capacity)\n";
  }
  const DurationSummary& od = r.outage_durations;
  if (od.count == 0) {
    out << padded("Outage duration", 20) << "no outage of the service was observed\n";
  } else {
    out << padded("Outage duration", 20) << "p50 " << format_duration(od.p50_s) << "   p95 "
        << format_duration(od.p95_s) << "   p99 " << format_duration(od.p99_s) << "   max "
        << format_duration(od.max_s) << "   (" << od.count
        << " outages: the RTO achieved per incident)\n";
  }

  print_data_loss_banner(out, r);
  print_causes(out, r, options);
  print_failovers(out, r);
  print_datasets(out, r);
  print_targets(out, r);
  if (!r.warnings.empty()) {
    out << "\nWarnings\n";
    for (const auto& w : r.warnings) out << "  - " << w << "\n";
  }
}

}  // namespace resim
