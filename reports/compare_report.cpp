#include "reports/compare_report.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

#include "models/duration.h"
#include "reports/json_report.h"
#include "reports/terminal_report.h"

namespace resim {

namespace {

constexpr int LABEL_WIDTH = 26;

std::string signed_duration(double seconds) {
  return (seconds < 0.0 ? "-" : "+") + format_duration(std::fabs(seconds));
}

// A difference of availabilities, in percentage points.
std::string signed_points(double difference) {
  return format_number("%+.4g", difference * 100.0) + " pp";
}

std::string formatted(PairedMetric metric, double value) {
  switch (metric) {
    case PairedMetric::AVAILABILITY:
    case PairedMetric::SERVED_FRACTION:
      return signed_points(value);
    case PairedMetric::DOWNTIME_PER_YEAR:
    case PairedMetric::LONGEST_OUTAGE:
      return signed_duration(value);
    case PairedMetric::OUTAGES_PER_YEAR:
      return format_number("%+.3g", value);
  }
  return "";
}

const char* label(PairedMetric metric) {
  switch (metric) {
    case PairedMetric::AVAILABILITY:
      return "availability";
    case PairedMetric::DOWNTIME_PER_YEAR:
      return "downtime per year";
    case PairedMetric::OUTAGES_PER_YEAR:
      return "outages per year";
    case PairedMetric::LONGEST_OUTAGE:
      return "longest outage a year";
    case PairedMetric::SERVED_FRACTION:
      return "served fraction";
  }
  return "";
}

std::string verdict(const TargetResult& t) {
  const std::string text = t.verdict == Verdict::MET      ? "MET"
                           : t.verdict == Verdict::MISSED ? "MISSED"
                                                          : "MET?";
  return text + " " + format_number("%.0f%%", t.period_probability * 100.0) + " of " +
         to_string(t.period) + "s";
}

std::string target_label(const TargetResult& t) {
  const std::string prefix = (t.set == "targets" ? "target " : t.set + ": ") + to_string(t.kind);
  if (t.kind == TargetKind::AVAILABILITY) return prefix + " on " + t.on;
  if (t.kind == TargetKind::UNRECOVERABLE)
    return prefix + " on " + t.on + " <= " + format_number("%.3g", t.target);
  return prefix + " on " + t.on + " <= " + format_duration(t.target);
}

class Table {
 public:
  explicit Table(const Comparison& c) {
    for (const auto& r : c.designs)
      widths_.push_back(std::max<std::size_t>(22, r.scenario_name.size() + 2));
  }
  void row(std::ostream& out, const std::string& name, const std::vector<std::string>& cells) {
    out << "  " << std::left << std::setw(LABEL_WIDTH) << name;
    for (std::size_t i = 0; i < cells.size(); ++i)
      out << std::setw(static_cast<int>(widths_[i])) << cells[i];
    out << "\n";
  }

 private:
  std::vector<std::size_t> widths_;
};

nlohmann::json difference_json(const PairedDifference& d) {
  return {{"mean", d.paired.mean},
          {"std_error", d.paired.std_error},
          {"ci95", nlohmann::json::array({d.paired.low(), d.paired.high()})},
          {"independent_std_error", d.independent.std_error},
          {"independent_ci95", nlohmann::json::array({d.independent.low(), d.independent.high()})},
          {"narrowing", d.narrowing()},
          {"correlation", d.correlation}};
}

}  // namespace

void print_comparison(std::ostream& out, const Comparison& c) {
  const Results& base = c.designs.front();
  out << "resim compare — " << c.designs.size() << " designs, " << base.trials << " trials × "
      << format_duration(base.horizon_s) << ", seed " << base.seed << ", common random numbers\n\n";
  Table table(c);
  std::vector<std::string> cells;
  auto each = [&](auto&& cell) {
    cells.clear();
    for (const auto& r : c.designs) cells.push_back(cell(r));
    return cells;
  };
  table.row(out, "", each([](const Results& r) { return r.scenario_name; }));
  table.row(out, "availability",
            each([](const Results& r) { return format_availability(r.availability.mean); }));
  table.row(out, "  95% CI half-width", each([](const Results& r) {
              return format_number("%.2g", r.availability.half_width * 100.0) + " pp";
            }));
  table.row(out, "downtime per year",
            each([](const Results& r) { return format_duration(r.downtime_per_year_s.mean); }));
  table.row(out, "outages per year",
            each([](const Results& r) { return format_number("%.3g", r.outages_per_year.mean); }));
  for (const auto& [name, field] :
       {std::pair{"outage duration p50", &DurationSummary::p50_s},
        std::pair{"outage duration p95", &DurationSummary::p95_s},
        std::pair{"outage duration p99 (RTO)", &DurationSummary::p99_s}})
    table.row(out, name, each([field = field](const Results& r) {
                return r.outage_durations.count ? format_duration(r.outage_durations.*field)
                                                : std::string("-");
              }));
  table.row(out, "data lost p99 (RPO)", each([](const Results& r) {
              double worst = -1.0;
              for (const auto& f : r.failovers)
                if (f.rpo.count) worst = std::max(worst, f.rpo.p99_s);
              return worst >= 0.0 ? format_duration(worst) : std::string("-");
            }));
  // Targets by name, as the designs declare them.
  std::vector<std::string> names;
  for (const auto& r : c.designs)
    for (const auto& set : r.target_sets)
      for (const auto& t : set.targets)
        if (std::find(names.begin(), names.end(), target_label(t)) == names.end())
          names.push_back(target_label(t));
  for (const auto& name : names)
    table.row(out, name, each([&](const Results& r) {
                for (const auto& set : r.target_sets)
                  for (const auto& t : set.targets)
                    if (target_label(t) == name) return verdict(t);
                return std::string("-");
              }));

  for (const auto& difference : c.differences) {
    out << "\n"
        << difference.design << " − " << base.scenario_name
        << " (paired over the same trials, 95% CI; how much narrower than independent runs)\n";
    for (std::size_t m = 0; m < PAIRED_METRIC_COUNT; ++m) {
      if (!difference.metrics[m]) continue;
      const auto metric = static_cast<PairedMetric>(m);
      const PairedDifference& d = *difference.metrics[m];
      out << "  " << std::left << std::setw(LABEL_WIDTH) << label(metric) << std::setw(14)
          << formatted(metric, d.paired.mean) << std::setw(36)
          << ("(" + formatted(metric, d.paired.low()) + " to " +
              formatted(metric, d.paired.high()) + ")")
          << (std::isfinite(d.narrowing()) ? format_number("%.1fx narrower", d.narrowing())
                                           : std::string("identical in every trial"))
          << "\n";
    }
  }
}

nlohmann::json comparison_to_json(const Comparison& c) {
  nlohmann::json designs = nlohmann::json::array();
  for (const auto& r : c.designs) designs.push_back(results_to_json(r));
  nlohmann::json differences = nlohmann::json::array();
  for (const auto& difference : c.differences) {
    nlohmann::json metrics = nlohmann::json::object();
    for (std::size_t m = 0; m < PAIRED_METRIC_COUNT; ++m)
      if (difference.metrics[m])
        metrics[to_string(static_cast<PairedMetric>(m))] = difference_json(*difference.metrics[m]);
    differences.push_back({{"design", difference.design},
                           {"against", c.designs.front().scenario_name},
                           {"metrics", metrics}});
  }
  return {{"baseline", c.designs.front().scenario_name},
          {"common_random_numbers", true},
          {"designs", designs},
          {"differences", differences}};
}

}  // namespace resim
