#include "reports/sweep_report.h"

#include <algorithm>
#include <cstdio>
#include <iomanip>
#include <sstream>

#include "models/duration.h"
#include "reports/compare_report.h"
#include "reports/json_report.h"
#include "reports/terminal_report.h"

namespace resim {

namespace {

std::vector<std::string> pointers_of(const std::vector<SweepPoint>& points) {
  std::vector<std::string> pointers;
  for (const auto& point : points)
    for (const auto& [pointer, value] : point.set)
      if (std::find(pointers.begin(), pointers.end(), pointer) == pointers.end())
        pointers.push_back(pointer);
  return pointers;
}

std::string csv_field(std::string text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  return buffer;
}

const nlohmann::json* value_at(const SweepPoint& point, const std::string& pointer) {
  for (const auto& [p, value] : point.set)
    if (p == pointer) return &value;
  return nullptr;
}

std::string value_text(const nlohmann::json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

}  // namespace

void print_sweep(std::ostream& out, const std::vector<SweepPoint>& points, const Comparison& c) {
  const Results& base = c.designs.front();
  out << "resim sweep — " << base.scenario_name << ", " << points.size() << " points, "
      << base.trials << " trials × " << format_duration(base.horizon_s) << ", seed " << base.seed
      << ", common random numbers; differences to the first point\n\n";
  std::size_t width = 10;
  for (const auto& point : points) width = std::max(width, point.name.size() + 2);
  out << "  " << std::left << std::setw(static_cast<int>(width)) << "point" << std::setw(16)
      << "availability" << std::setw(14) << "downtime/y" << std::setw(12) << "outages/y"
      << "difference in availability (95% CI, paired)\n";
  for (std::size_t i = 0; i < points.size(); ++i) {
    const Results& r = c.designs[i];
    out << "  " << std::setw(static_cast<int>(width)) << points[i].name << std::setw(16)
        << format_availability(r.availability.mean) << std::setw(14)
        << format_duration(r.downtime_per_year_s.mean) << std::setw(12)
        << format_number("%.3g", r.outages_per_year.mean);
    if (i == 0) {
      out << "baseline\n";
      continue;
    }
    const PairedDifference& d = *c.differences[i - 1].metrics[0];
    out << format_number("%+.4g", d.paired.mean * 100.0) << " pp ("
        << format_number("%+.4g", d.paired.low() * 100.0) << " to "
        << format_number("%+.4g", d.paired.high() * 100.0) << ")\n";
  }
}

nlohmann::json sweep_to_json(const std::vector<SweepPoint>& points, const Comparison& c) {
  const nlohmann::json compared = comparison_to_json(c);
  nlohmann::json list = nlohmann::json::array();
  for (std::size_t i = 0; i < points.size(); ++i) {
    nlohmann::json set = nlohmann::json::object();
    for (const auto& [pointer, value] : points[i].set) set[pointer] = value;
    nlohmann::json entry{
        {"name", points[i].name}, {"set", set}, {"results", compared.at("designs").at(i)}};
    entry["difference"] =
        i == 0 ? nlohmann::json(nullptr) : compared.at("differences").at(i - 1).at("metrics");
    list.push_back(std::move(entry));
  }
  return {{"baseline", points.front().name}, {"common_random_numbers", true}, {"points", list}};
}

std::string sweep_to_csv(const std::vector<SweepPoint>& points, const Comparison& c) {
  const auto pointers = pointers_of(points);
  std::ostringstream out;
  out << "point";
  for (const auto& pointer : pointers) out << "," << csv_field(pointer);
  out << ",availability,availability_low,availability_high,downtime_per_year_s,"
         "outages_per_year,outage_p99_s,targets_met,availability_difference,"
         "availability_difference_low,availability_difference_high,"
         "availability_difference_independent_low,availability_difference_independent_high,"
         "downtime_per_year_difference_s,downtime_per_year_difference_low_s,"
         "downtime_per_year_difference_high_s\n";
  for (std::size_t i = 0; i < points.size(); ++i) {
    const Results& r = c.designs[i];
    out << csv_field(points[i].name);
    for (const auto& pointer : pointers) {
      const nlohmann::json* value = value_at(points[i], pointer);
      out << "," << (value ? csv_field(value_text(*value)) : std::string());
    }
    out << "," << number(r.availability.mean) << "," << number(r.availability.low()) << ","
        << number(r.availability.high()) << "," << number(r.downtime_per_year_s.mean) << ","
        << number(r.outages_per_year.mean) << "," << number(r.outage_durations.p99_s) << ","
        << (r.verdict() == Verdict::MET ? "true" : "false");
    if (i == 0) {
      out << ",0,0,0,0,0,0,0,0\n";
      continue;
    }
    const PairedDifference& a = *c.differences[i - 1].metrics[0];
    const PairedDifference& d = *c.differences[i - 1].metrics[1];
    out << "," << number(a.paired.mean) << "," << number(a.paired.low()) << ","
        << number(a.paired.high()) << "," << number(a.independent.low()) << ","
        << number(a.independent.high()) << "," << number(d.paired.mean) << ","
        << number(d.paired.low()) << "," << number(d.paired.high()) << "\n";
  }
  return out.str();
}

}  // namespace resim
