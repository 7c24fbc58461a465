// Targets a design is judged against: availability, RTO and RPO, each on one element (the
// service, a component, a group or a failover group), gathered in named target sets such as SLA
// tiers and judged per SLA period. docs/scenario-format.md documents the keys.
#pragma once

#include <string>
#include <vector>

namespace resim {

class JsonReader;

// SLA periods cut from the start of each trial: months of 730 h (a twelfth of 365 days),
// quarters of 2190 h, years of 8760 h. A horizon that is not a whole number of periods ends
// with a shorter one, judged on its own length.
enum class SlaPeriod { MONTH, QUARTER, YEAR };

const char* to_string(SlaPeriod period);  // "month", "quarter", "year"
double period_seconds(SlaPeriod period);

enum class TargetKind { AVAILABILITY, RTO, RPO };

const char* to_string(TargetKind kind);  // "availability", "rto", "rpo"

struct Target {
  TargetKind kind = TargetKind::AVAILABILITY;
  std::string on;      // the element judged: the service, a component, group or failover group
  std::string where;   // its JSON pointer, for errors found once the topology is built
  double value = 0.0;  // availability: a fraction; rto, rpo: seconds
  // rto, rpo: met when at least this share of the element's unplanned outages (rto) or of
  // its promotions (rpo) is within the value.
  double quantile = 0.99;
  // availability: planned downtime (failbacks) does not count against it, as in SLAs that
  // exclude announced maintenance. rto is always over unplanned outages.
  bool exclude_planned = false;
};

struct TargetSet {
  std::string name;  // "targets" for the scenario's unnamed "targets" object
  std::string description;
  SlaPeriod period = SlaPeriod::YEAR;
  std::vector<Target> targets;
};

// The scenario's "targets" object: the service's targets, as the set named "targets".
TargetSet read_service_targets(const JsonReader& node, const std::string& service);
// One entry of "target_sets".
TargetSet read_target_set(const JsonReader& node, const std::string& service);

}  // namespace resim
