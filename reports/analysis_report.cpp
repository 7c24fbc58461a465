#include "reports/analysis_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iomanip>

#include "models/duration.h"
#include "reports/terminal_report.h"

namespace resim {

namespace {

nlohmann::json importance_row(const ProcessImportance& row) {
  return nlohmann::json{{"name", row.name},
                        {"kind", to_string(row.kind)},
                        {"processes", row.processes},
                        {"availability", row.availability},
                        {"birnbaum", row.birnbaum},
                        {"criticality", row.criticality},
                        {"outages_caused_per_year", row.outages_caused_per_s * SECONDS_PER_YEAR},
                        {"availability_with_one_more_nine", row.availability_with_one_more_nine},
                        {"gain", row.gain}};
}

// A(t) only where it changes at the precision the steady state is printed with (one digit more),
// up to where it reaches the steady state, in aligned columns.
void print_point_availability(std::ostream& out, const PointAvailability& points, double steady) {
  const auto digits = [](double a) {
    const double u = 1.0 - a;
    return u > 0.0 ? std::clamp(static_cast<int>(std::floor(-std::log10(u))), 0, 10) + 3 : 3;
  };
  const std::string format = "%." + std::to_string(digits(steady)) + "f%%";
  const std::string steady_text = format_number(format.c_str(), steady * 100.0);
  out << "\nPoint availability A(t), starting with everything up (where it changes)\n";
  out << "  " << std::setw(10) << "t"
      << "   A(t)\n";
  std::string last;
  for (std::size_t i = 0; i < points.times_s.size(); ++i) {
    const std::string text = format_number(format.c_str(), points.availability[i] * 100.0);
    if (text == last) continue;
    last = text;
    out << "  " << std::setw(10) << format_duration(points.times_s[i]) << "   " << text;
    if (text == steady_text) {
      out << "   steady state from here on\n";
      return;
    }
    out << "\n";
  }
}

}  // namespace

void print_analysis(std::ostream& out, const Topology& topology, const AnalysisResult& r,
                    const std::optional<PointAvailability>& transient) {
  const Scenario& scenario = topology.scenario();
  out << "resim analyze — " << scenario.name << " (" << scenario.file << "), service '"
      << scenario.service << "'\n\n";
  out << "Method                               "
      << (r.method == "markov" ? "continuous-time Markov chain" : "decision diagram") << "\n";
  out << "Availability (exact, steady state)   " << format_availability(r.availability);
  if (r.unavailability > 0.0)
    out << "   " << format_number("%.2f", -std::log10(r.unavailability)) << " nines";
  out << "\nDowntime per year                    "
      << format_duration(r.unavailability * SECONDS_PER_YEAR)
      << "\nOutages per year                     "
      << format_number("%.4g", r.failure_frequency_per_s * SECONDS_PER_YEAR)
      << "\nMean outage duration                 " << format_duration(r.mean_outage_s)
      << "\nMean time between outages            " << format_duration(r.mean_time_between_outages_s)
      << "\n";

  if (!r.entries.empty()) {
    out << "\nWhere one more nine buys the most (a component's nine applies to all its "
           "instances)\n";
    out << "  entry                 kind       Birnbaum    criticality  outages/yr   with one "
           "more nine\n";
  }
  for (const auto& row : r.entries) {
    char line[256];
    std::snprintf(line, sizeof line, "  %-21s %-10s %-11.4g %-12.4g %-12.4g %s (+%s)\n",
                  row.name.c_str(), to_string(row.kind), row.birnbaum, row.criticality,
                  row.outages_caused_per_s * SECONDS_PER_YEAR,
                  format_availability(row.availability_with_one_more_nine).c_str(),
                  format_number("%.3g", row.gain).c_str());
    out << line;
  }
  if (transient) print_point_availability(out, *transient, r.availability);
  for (const auto& note : r.notes) out << "\nnote: " << note << "\n";
}

nlohmann::json analysis_to_json(const Topology& topology, const AnalysisResult& r,
                                const std::optional<PointAvailability>& transient) {
  nlohmann::json entries = nlohmann::json::array();
  for (const auto& row : r.entries) entries.push_back(importance_row(row));
  nlohmann::json processes = nlohmann::json::array();
  for (const auto& row : r.processes) processes.push_back(importance_row(row));
  nlohmann::json points = nullptr;
  if (transient) {
    points = nlohmann::json::array();
    for (std::size_t i = 0; i < transient->times_s.size(); ++i)
      points.push_back(nlohmann::json{{"t_s", transient->times_s[i]},
                                      {"availability", transient->availability[i]}});
  }
  const Scenario& scenario = topology.scenario();
  return nlohmann::json{
      {"format_version", 1},
      {"scenario",
       nlohmann::json{
           {"name", scenario.name}, {"file", scenario.file}, {"service", scenario.service}}},
      {"method", r.method},
      {"availability", r.availability},
      {"unavailability", r.unavailability},
      {"nines", r.unavailability > 0.0 ? nlohmann::json(-std::log10(r.unavailability))
                                       : nlohmann::json(nullptr)},
      {"outages_per_year", r.failure_frequency_per_s * SECONDS_PER_YEAR},
      {"mean_outage_s", r.mean_outage_s},
      {"mean_time_between_outages_s", r.mean_time_between_outages_s},
      {"mean_up_time_s", r.mean_up_time_s},
      {"entries", entries},
      {"processes", processes},
      {"point_availability", points},
      {"notes", r.notes}};
}

}  // namespace resim
