// The figures a run reports, computed once from the trials' raw outputs. Reports only format.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/topology.h"
#include "sim/data_results.h"
#include "sim/duration_summary.h"
#include "sim/runner.h"
#include "sim/statistics.h"
#include "sim/target_results.h"

namespace resim {

struct CauseResult {
  std::string name;
  CauseKind kind;
  double downtime_share = 0.0;  // of all downtime
  double downtime_per_year_s = 0.0;
  double outages_per_year = 0.0;
  DurationSummary outage_durations;  // the RTO distribution of outages this cause started
};

// What one failover group's incidents cost: time to serve again (RTO) and data lost (RPO).
struct FailoverResult {
  std::string name;
  std::int64_t incidents = 0;   // the active member failed
  std::int64_t promotions = 0;  // ... and a standby took over
  std::int64_t manual = 0;      // ... by the manual path
  std::int64_t stood_down = 0;  // manual path called off: the member was back before the steps
  double incidents_per_year = 0.0;
  double manual_share = 0.0;  // of incidents with a promotion
  Interval manual_share_ci;
  DurationSummary rto;                // every incident
  DurationSummary rto_promoted;       // incidents a promotion ended
  DurationSummary rto_returned;       // incidents the failed member's return ended (no promotion)
  DurationSummary rpo;                // every promotion
  double data_lost_per_year_s = 0.0;  // seconds of writes lost per year
  std::optional<double> transactions_lost_per_year;  // when writes_per_second is given
};

struct Results {
  std::string scenario_name;
  std::string scenario_file;
  std::string service;
  std::int64_t trials = 0;
  std::uint64_t seed = 0;
  double horizon_s = 0.0;
  int threads = 0;
  std::uint64_t events = 0;
  double wall_s = 0.0;

  Estimate availability;
  std::optional<double> exact_availability;  // steady state, where the model admits it
  std::optional<double> nines;               // none when no downtime was seen
  double availability_p1 = 0.0;              // per-horizon availability percentiles: the bad years
  double availability_p5 = 0.0;
  double availability_p50 = 0.0;
  std::vector<double> availability_table;  // per-horizon availability at QUANTILE_TABLE_LEVELS

  Estimate downtime_per_year_s;
  double downtime_p50_s = 0.0;
  double downtime_p90_s = 0.0;
  double downtime_p99_s = 0.0;
  std::vector<double> downtime_table_s;  // per-horizon downtime per year at QUANTILE_TABLE_LEVELS

  Estimate outages_per_year;  // unplanned
  // Planned downtime (failbacks): reported apart, and left out of the RTO distribution.
  Estimate planned_outages_per_year;
  Estimate planned_downtime_per_year_s;
  Estimate availability_excluding_planned;
  // With demands (capacity planning): request-weighted availability and degraded time.
  std::optional<Estimate> served_fraction;
  std::optional<Estimate> degraded_per_year_s;
  DurationSummary outage_durations;
  std::uint64_t unfinished_outages = 0;

  std::vector<CauseResult> causes;           // largest downtime share first
  std::vector<FailoverResult> failovers;     // in scenario order
  std::vector<TargetSetResult> target_sets;  // in scenario order: "targets" first
  std::vector<DatasetResult> datasets;       // in scenario order (sim/data_results.h)
  std::vector<std::string> warnings;

  // The worst verdict of any target: what `run --check` exits with. MET without targets.
  Verdict verdict() const;
};

Results summarize(const Topology& topology, const RunOptions& options, const RunData& data);

// Adds the exact steady-state availability where the model admits it, and a warning when the
// simulation disagrees with it by more than its 99.9 % interval.
// Skipped, with a warning, above MAX_PROCESSES_FOR_EXACT_IN_RUN failure processes.
inline constexpr std::size_t MAX_PROCESSES_FOR_EXACT_IN_RUN = 1000;
void compare_with_exact(Results& results, const Topology& topology);

// Whether any element carries a demand: served fraction and degraded time are reported then.
bool has_demand(const Topology& topology);

// Availability as "nines": 0.999 -> 3; 0 (never -0) for an availability of 0.
double nines_of(double availability);

}  // namespace resim
