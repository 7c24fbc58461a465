#include "models/targets.h"

#include <algorithm>
#include <cstdlib>

#include "models/json_reader.h"
#include "models/scenario_error.h"

namespace resim {

namespace {

// A fraction (0.9995) or a percentage string ("99.95%"), as SLA documents write them.
double read_availability(const JsonReader& node) {
  if (!node.is_string()) return node.as_fraction();
  const std::string text = node.as_string();
  char* end = nullptr;
  const double percent = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || std::string(end) != "%" || !(percent > 0.0 && percent < 100.0))
    node.fail("expected a fraction such as 0.9995 or a percentage such as \"99.95%\", found \"" +
              text + "\"");
  return percent / 100.0;
}

SlaPeriod read_period(const JsonReader& node) {
  const std::string text = node.as_string();
  if (text == "month") return SlaPeriod::MONTH;
  if (text == "quarter") return SlaPeriod::QUARTER;
  if (text == "year") return SlaPeriod::YEAR;
  node.fail("unknown period '" + text + "'" + did_you_mean(text, {"month", "quarter", "year"}) +
            "; write \"month\", \"quarter\" or \"year\"");
}

// What an entry without its own quantile or exclude_planned inherits from its set.
struct Defaults {
  double rto_quantile = 0.99;
  double rpo_quantile = 0.99;
  bool exclude_planned = false;
};

Defaults read_defaults(const JsonReader& node, Defaults inherited) {
  if (const auto q = node.find("rto_quantile")) inherited.rto_quantile = q->as_fraction();
  if (const auto q = node.find("rpo_quantile")) inherited.rpo_quantile = q->as_fraction();
  if (const auto e = node.find("exclude_planned")) inherited.exclude_planned = e->as_bool();
  return inherited;
}

// The availability, rto and rpo keys of `node`, judged on `on`.
void read_targets_of(const JsonReader& node, const std::string& on, const Defaults& defaults,
                     std::vector<Target>& out) {
  const std::string where = node.pointer();
  if (const auto a = node.find("availability"))
    out.push_back(Target{TargetKind::AVAILABILITY, on, where, read_availability(*a), 0.0,
                         defaults.exclude_planned});
  if (const auto rto = node.find("rto"))
    out.push_back(Target{TargetKind::RTO, on, where, rto->as_positive_duration(),
                         defaults.rto_quantile, false});
  if (const auto rpo = node.find("rpo"))  // "0s": no loss allowed
    out.push_back(
        Target{TargetKind::RPO, on, where, rpo->as_duration(), defaults.rpo_quantile, false});
  if (const auto u = node.find("unrecoverable"))  // on a dataset: the parser checks `on`
    out.push_back(Target{TargetKind::UNRECOVERABLE, on, where, u->as_fraction(), 0.0, false});
}

}  // namespace

const char* to_string(SlaPeriod period) {
  switch (period) {
    case SlaPeriod::MONTH:
      return "month";
    case SlaPeriod::QUARTER:
      return "quarter";
    case SlaPeriod::YEAR:
      return "year";
  }
  return "year";
}

double period_seconds(SlaPeriod period) {
  switch (period) {
    case SlaPeriod::MONTH:
      return 730.0 * 3600.0;
    case SlaPeriod::QUARTER:
      return 2190.0 * 3600.0;
    case SlaPeriod::YEAR:
      return 8760.0 * 3600.0;
  }
  return 8760.0 * 3600.0;
}

const char* to_string(TargetKind kind) {
  switch (kind) {
    case TargetKind::AVAILABILITY:
      return "availability";
    case TargetKind::RTO:
      return "rto";
    case TargetKind::RPO:
      return "rpo";
    case TargetKind::UNRECOVERABLE:
      return "unrecoverable";
  }
  return "availability";
}

TargetSet read_service_targets(const JsonReader& node, const std::string& service) {
  node.allow_only(
      {"availability", "rto", "rto_quantile", "rpo", "rpo_quantile", "period", "exclude_planned"});
  TargetSet set;
  set.name = "targets";
  if (const auto period = node.find("period")) set.period = read_period(*period);
  read_targets_of(node, service, read_defaults(node, Defaults{}), set.targets);
  return set;
}

TargetSet read_target_set(const JsonReader& node, const std::string& service) {
  node.allow_only({"name", "description", "period", "availability", "rto", "rto_quantile", "rpo",
                   "rpo_quantile", "exclude_planned", "targets"});
  TargetSet set;
  if (!node.has("name"))
    node.fail("missing required key 'name': name the set, e.g. \"name\": \"premium\"");
  set.name = node.at("name").as_string();
  if (set.name.empty()) node.at("name").fail("a name must not be empty: write e.g. \"premium\"");
  if (const auto description = node.find("description")) set.description = description->as_string();
  if (const auto period = node.find("period")) set.period = read_period(*period);
  const Defaults defaults = read_defaults(node, Defaults{});
  read_targets_of(node, service, defaults, set.targets);
  if (const auto entries = node.find("targets")) {
    for (std::size_t i = 0; i < entries->size(); ++i) {
      const JsonReader entry = entries->at(i);
      entry.allow_only({"on", "availability", "rto", "rto_quantile", "rpo", "rpo_quantile",
                        "unrecoverable", "exclude_planned"});
      const std::string on = entry.find("on") ? entry.at("on").as_string() : service;
      const std::size_t before = set.targets.size();
      read_targets_of(entry, on, read_defaults(entry, defaults), set.targets);
      if (set.targets.size() == before)
        entry.fail(
            "a target needs \"availability\", \"rto\", \"rpo\" or (on a dataset) "
            "\"unrecoverable\", e.g. {\"on\": \"" +
            on + "\", \"rpo\": \"5m\"}");
    }
  }
  if (set.targets.empty())
    node.fail("target set '" + set.name +
              "' has no target: add \"availability\", \"rto\" or \"rpo\", or \"targets\": "
              "[{\"on\": \"db\", \"rpo\": \"5m\"}]");
  return set;
}

}  // namespace resim
