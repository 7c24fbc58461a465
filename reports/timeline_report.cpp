#include "reports/timeline_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "models/duration.h"
#include "reports/terminal_report.h"

namespace resim {

namespace {

std::string service_text(bool up, double served) {
  if (!up) return "DOWN";
  if (served < 1.0) return "degraded " + format_number("%.0f", 100.0 * served) + "%";
  return "up";
}

// A column of at least `width` characters, always followed by a space.
std::string column(const std::string& text, std::size_t width) {
  return padded(text, width - 1) + " ";
}

nlohmann::json optional_seconds(double value) {
  return value < 0.0 ? nlohmann::json() : nlohmann::json(value);
}

double availability(const Timeline& t) {
  return 1.0 - t.outcome.downtime_s / t.horizon_s;
}

}  // namespace

std::string format_clock(double seconds) {
  const double whole = std::floor(seconds);
  const auto s = static_cast<long long>(whole);
  const int ms = static_cast<int>(std::lround((seconds - whole) * 1000.0));
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%lldd %02lld:%02lld:%02lld", s / 86400, s / 3600 % 24,
                s / 60 % 60, s % 60);
  std::string text = buffer;
  if (ms > 0 && ms < 1000) {
    std::snprintf(buffer, sizeof buffer, ".%03d", ms);
    text += buffer;
  }
  return text;
}

nlohmann::json timeline_to_json(const Timeline& t, const ReplayContext& context) {
  nlohmann::json out;
  out["format"] = "resim-timeline";
  out["version"] = TIMELINE_FORMAT_VERSION;
  out["scenario"] = {{"name", context.scenario_name}, {"file", context.scenario_file}};
  out["seed"] = context.seed;
  out["trials"] = context.trials;
  out["trial"] = t.trial;
  out["chosen_by"] = context.worst ? nlohmann::json{{"worst", to_string(*context.worst)}}
                                   : nlohmann::json{{"trial", t.trial}};
  out["horizon_s"] = t.horizon_s;
  out["end_s"] = t.end_s;
  out["outcome"] = {{"downtime_s", t.outcome.downtime_s},
                    {"availability", availability(t)},
                    {"outages", t.outcome.outages},
                    {"planned_outages", t.outcome.planned_outages},
                    {"longest_outage_s", t.outcome.longest_outage_s},
                    {"planned_downtime_s", t.outcome.planned_downtime_s},
                    {"data_loss_s", t.outcome.data_loss_s},
                    {"data_lost_for_good", t.outcome.data_lost_for_good}};
  out["outages"] = nlohmann::json::array();
  for (const auto& o : t.outages)
    out["outages"].push_back({{"start_s", o.start},
                              {"end_s", o.end},
                              {"duration_s", o.end - o.start},
                              {"planned", o.planned},
                              {"unfinished", o.unfinished},
                              {"began_with", o.element}});
  out["events"] = nlohmann::json::array();
  for (const auto& e : t.events)
    out["events"].push_back({{"time_s", e.time},
                             {"event", e.event},
                             {"element", e.element},
                             {"row", e.row},
                             {"detail", e.detail},
                             {"service", !e.service_up             ? "down"
                                         : e.served_fraction < 1.0 ? "degraded"
                                                                   : "up"},
                             {"served_fraction", e.served_fraction},
                             {"rto_s", optional_seconds(e.rto_s)},
                             {"rpo_s", optional_seconds(e.rpo_s)}});
  out["rows"] = nlohmann::json::array();
  for (const auto& row : t.rows) {
    nlohmann::json spans = nlohmann::json::array();
    for (const auto& s : row.spans)
      spans.push_back({{"start_s", s.start}, {"end_s", s.end}, {"state", s.state}});
    out["rows"].push_back({{"name", row.name}, {"kind", row.kind}, {"spans", std::move(spans)}});
  }
  out["steady_rows"] = t.steady_rows;
  return out;
}

void print_timeline(std::ostream& out, const Timeline& t, const ReplayContext& context) {
  out << "Replay of trial " << t.trial << " of " << context.trials << " (seed " << context.seed
      << ", horizon " << format_duration(t.horizon_s) << "): " << context.scenario_name;
  if (!context.scenario_file.empty()) out << " (" << context.scenario_file << ")";
  out << "\n";
  if (context.worst)
    out << "Chosen as the worst trial by " << to_string(*context.worst)
        << " (the first of equals, over all " << context.trials << " trials)\n";
  const TrialOutcome& o = t.outcome;
  out << "Availability " << format_availability(availability(t)) << ", downtime "
      << format_duration(o.downtime_s) << "; " << o.outages << " outage"
      << (o.outages == 1 ? "" : "s");
  if (o.outages > 0) out << " (longest " << format_duration(o.longest_outage_s) << ")";
  if (o.planned_outages > 0)
    out << ", " << o.planned_outages << " planned (" << format_duration(o.planned_downtime_s)
        << ")";
  if (o.data_lost_for_good)
    out << "; data lost for good";
  else if (o.data_loss_s > 0.0)
    out << "; largest data loss " << format_duration(o.data_loss_s) << " of writes";
  out << "\n\n";

  std::size_t element_width = 8;
  for (const auto& e : t.events) element_width = std::max(element_width, e.element.size() + 2);
  element_width = std::min<std::size_t>(element_width, 32);
  out << "  " << column("time", 18) << column("service", 14) << column("event", 21)
      << column("element", element_width) << "detail\n";
  bool past_horizon = false;
  for (const auto& e : t.events) {
    const bool after = e.time >= t.horizon_s;
    past_horizon = past_horizon || after;
    std::string detail = e.detail;
    if (e.rto_s >= 0.0) detail += "; RTO " + format_duration(e.rto_s);
    if (e.rpo_s > 0.0) detail += ", data lost " + format_duration(e.rpo_s);
    out << (after ? "* " : "  ") << column(format_clock(e.time), 18)
        << column(service_text(e.service_up, e.served_fraction), 14) << column(e.event, 21)
        << column(e.element, element_width) << detail << "\n";
  }
  if (t.events.empty()) out << "  (no event in this period)\n";
  if (past_horizon)
    out << "* after the horizon: an outage open at the horizon runs on until the service is "
           "back; only its share within the horizon counts as downtime\n";
  if (!t.outages.empty()) {
    out << "\nOutages of the service:\n";
    for (const auto& outage : t.outages)
      out << "  " << column(format_clock(outage.start), 18) << "to "
          << column(format_clock(outage.end), 18)
          << column(format_duration(outage.end - outage.start), 10)
          << (outage.planned ? "planned, " : "") << "began with "
          << (outage.element.empty() ? "?" : outage.element)
          << (outage.unfinished ? " (unfinished: the simulation gave up)" : "") << "\n";
  }
}

}  // namespace resim
