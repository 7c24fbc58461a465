// Targets a design is judged against: availability, RTO and RPO, each on one element (the
// service, a component, a group or a failover group), gathered in named target sets such as SLA
// tiers and judged per SLA period. docs/scenario-format.md documents the keys.
#pragma once

#include <cstdint>
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

// UNRECOVERABLE: on a dataset only, the probability that an SLA period loses its data for good.
enum class TargetKind { AVAILABILITY, RTO, RPO, UNRECOVERABLE };

const char* to_string(TargetKind kind);  // "availability", "rto", "rpo", "unrecoverable"

struct Target {
  TargetKind kind = TargetKind::AVAILABILITY;
  std::string on;     // the element judged: the service, a component, group, failover group or
                      // dataset
  std::string where;  // its JSON pointer, for errors found once the topology is built
  // availability: a fraction; rto, rpo: seconds; unrecoverable: a probability per SLA period
  double value = 0.0;
  // rto, rpo: met when at least this share of the element's unplanned outages (rto) or of
  // its promotions (rpo) is within the value; on a dataset, of its restores.
  double quantile = 0.99;
  // availability: planned downtime (failbacks) does not count against it, as in SLAs that
  // exclude announced maintenance. rto is always over unplanned outages.
  bool exclude_planned = false;
  // Index into the scenario's datasets when `on` names one (set by the scenario parser): rto,
  // rpo and unrecoverable are then judged on the dataset's restores.
  std::int32_t dataset = -1;
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
