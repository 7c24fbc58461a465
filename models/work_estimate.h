// How much work a run is, before it starts: the expected number of events per trial from the
// processes' rates, times the trials. Runs past a limit are refused with the figure, the
// element responsible and the setting that raises the limit, instead of running for days (a
// 1 ms time to failure over a year is 3e10 events per trial). docs/limits.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "models/topology.h"

namespace resim {

struct WorkEstimate {
  double events_per_trial = 0.0;  // expected: failures, repairs, failover steps, hour steps
  double work_per_trial = 0.0;    // events plus starting every process
  double total = 0.0;             // work_per_trial × trials
  std::size_t busiest = 0;        // the process expected to produce the most events
  double busiest_events_per_trial = 0.0;
};

WorkEstimate estimate_work(const Topology& topology, double horizon_s, std::int64_t trials);

// Throws ScenarioError when estimate.total exceeds max_events, naming the busiest element.
void check_work(const Topology& topology, const WorkEstimate& estimate, std::int64_t trials,
                double max_events);

// Per-trial backstop at run time for what the estimate cannot see (a gamma of shape 1e-9 has a
// fine mean but draws zeros): a trial may take this many events at most.
double trial_event_limit(const WorkEstimate& estimate);
inline constexpr double MIN_TRIAL_EVENT_LIMIT = 1e6;
inline constexpr double TRIAL_EVENT_LIMIT_FACTOR = 1000.0;  // × the expected events per trial

// The JSON pointer of the scenario entry behind process p (a component, zone or region), and
// "component 'db'" for messages.
std::string process_pointer(const Topology& topology, std::size_t p);
std::string describe_process(const Topology& topology, std::size_t p);

// A trial went past trial_event_limit: the error names the element with the most events, a
// failure process, or failover group `failover_group` when `process` is -1.
[[noreturn]] void throw_runaway_trial(const Topology& topology, std::int64_t process,
                                      std::int64_t failover_group, std::uint64_t trial,
                                      double limit);

}  // namespace resim
