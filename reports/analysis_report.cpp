#include "reports/analysis_report.h"

#include <cmath>
#include <cstdio>

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

}  // namespace

void print_analysis(std::ostream& out, const Topology& topology, const AnalysisResult& r,
                    const std::optional<PointAvailability>& transient) {
  const Scenario& scenario = topology.scenario();
  out << "resim analyze — " << scenario.name << " (" << scenario.file << "), service '"
      << scenario.service << "'\n\n";
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

  out << "\nWhere one more nine buys the most (a component's nine applies to all its instances)\n";
  out << "  entry                 kind       Birnbaum    criticality  outages/yr   with one more "
         "nine\n";
  for (const auto& row : r.entries) {
    char line[256];
    std::snprintf(line, sizeof line, "  %-21s %-10s %-11.4g %-12.4g %-12.4g %s (+%s)\n",
                  row.name.c_str(), to_string(row.kind), row.birnbaum, row.criticality,
                  row.outages_caused_per_s * SECONDS_PER_YEAR,
                  format_availability(row.availability_with_one_more_nine).c_str(),
                  format_number("%.3g", row.gain).c_str());
    out << line;
  }
  if (transient) {
    out << "\nPoint availability A(t), starting with everything up\n";
    for (std::size_t i = 0; i < transient->times_s.size(); ++i)
      out << "  t = " << format_duration(transient->times_s[i]) << "   "
          << format_availability(transient->availability[i]) << "\n";
  }
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
