#include "models/work_estimate.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "models/duration.h"
#include "models/scenario_error.h"

namespace resim {

namespace {

std::string figure(double value) {
  if (!std::isfinite(value)) return "more than 1e308";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3g", value);
  return buffer;
}

// Events one failover group adds per failure of a member it depends on: detection, promotion,
// reconsideration and failback, generously.
constexpr double FAILOVER_EVENTS_PER_FAILURE = 4.0;

}  // namespace

WorkEstimate estimate_work(const Topology& topology, double horizon_s, std::int64_t trials) {
  WorkEstimate estimate;
  const auto& processes = topology.processes();
  const bool failover = !topology.scenario().failover_groups.empty();
  for (std::size_t p = 0; p < processes.size(); ++p) {
    // A renewal process with cycle mean m makes about horizon / m cycles of two events each.
    const double cycle_s = processes[p].ttf->mean() + processes[p].ttr->mean();
    double events = 1.0 + 2.0 * horizon_s / cycle_s;
    if (!std::isfinite(events)) events = std::numeric_limits<double>::infinity();
    if (failover) events *= 1.0 + FAILOVER_EVENTS_PER_FAILURE / 2.0;
    estimate.events_per_trial += events;
    if (!(events <= estimate.busiest_events_per_trial)) {
      estimate.busiest = p;
      estimate.busiest_events_per_trial = events;
    }
  }
  for (const auto& group : topology.scenario().failover_groups)
    if (group.failback == FailbackPolicy::SCHEDULED)
      estimate.events_per_trial += horizon_s / group.failback_every_s;
  // Demands are integrated hour by hour.
  bool demands = false;
  for (const auto& c : topology.scenario().components) demands = demands || !c.demand.empty();
  for (const auto& g : topology.scenario().groups) demands = demands || !g.demand.empty();
  if (demands) estimate.events_per_trial += horizon_s / SECONDS_PER_HOUR;
  estimate.work_per_trial = estimate.events_per_trial + static_cast<double>(processes.size());
  estimate.total = estimate.work_per_trial * static_cast<double>(trials);
  return estimate;
}

void check_work(const Topology& topology, const WorkEstimate& estimate, std::int64_t trials,
                double max_events) {
  if (estimate.total <= max_events) return;
  const std::size_t p = estimate.busiest;
  const auto& process = topology.processes()[p];
  std::string busiest;
  if (!topology.processes().empty() &&
      estimate.busiest_events_per_trial >= 0.5 * estimate.events_per_trial)
    busiest = "; most of them from " + describe_process(topology, p) + " (failures " +
              process.ttf->describe() + ", repairs " + process.ttr->describe() +
              "): give it longer times";
  throw ScenarioError(topology.scenario().file,
                      busiest.empty() ? std::string("/settings") : process_pointer(topology, p),
                      "this run would take about " + figure(estimate.total) + " events (" +
                          std::to_string(trials) + " trials × " + figure(estimate.work_per_trial) +
                          " per trial), more than the limit of " + figure(max_events) + busiest +
                          ", or lower settings.trials or the horizon, or raise the limit with "
                          "settings.max_events or --max-events (docs/limits.md)");
}

double trial_event_limit(const WorkEstimate& estimate) {
  return std::max(MIN_TRIAL_EVENT_LIMIT, TRIAL_EVENT_LIMIT_FACTOR * estimate.events_per_trial);
}

std::string process_pointer(const Topology& topology, std::size_t p) {
  const Scenario& scenario = topology.scenario();
  const Cause& cause = topology.causes()[static_cast<std::size_t>(topology.processes()[p].cause)];
  for (std::size_t c = 0; c < scenario.components.size(); ++c)
    if (cause.kind == CauseKind::COMPONENT && scenario.components[c].name == cause.name)
      return "/components/" + std::to_string(c);
  for (std::size_t r = 0; r < scenario.regions.size(); ++r) {
    if (cause.kind == CauseKind::REGION && scenario.regions[r].name == cause.name)
      return "/regions/" + std::to_string(r);
    for (std::size_t z = 0; z < scenario.regions[r].zones.size(); ++z)
      if (cause.kind == CauseKind::ZONE && scenario.regions[r].zones[z].name == cause.name)
        return "/regions/" + std::to_string(r) + "/zones/" + std::to_string(z);
  }
  return "";
}

std::string describe_process(const Topology& topology, std::size_t p) {
  const Cause& cause = topology.causes()[static_cast<std::size_t>(topology.processes()[p].cause)];
  return std::string(to_string(cause.kind)) + " '" + cause.name + "'";
}

void throw_runaway_trial(const Topology& topology, std::int64_t process,
                         std::int64_t failover_group, std::uint64_t trial, double limit) {
  const std::string went = "trial " + std::to_string(trial) + " went past " + figure(limit) +
                           " events, most of them from ";
  if (process < 0) {
    const auto g = static_cast<std::size_t>(failover_group);
    throw ScenarioError(topology.scenario().file, "/failover_groups/" + std::to_string(g),
                        went + "failover group '" + topology.scenario().failover_groups[g].name +
                            "': its detection, switch-over or failback times are so short that "
                            "simulated time barely moves; give them times of a realistic size "
                            "(docs/limits.md)");
  }
  const auto p = static_cast<std::size_t>(process);
  const auto& figures = topology.processes()[p];
  throw ScenarioError(
      topology.scenario().file, process_pointer(topology, p),
      went + describe_process(topology, p) + " (failures " + figures.ttf->describe() +
          ", repairs " + figures.ttr->describe() +
          "): its times are so short or so often near zero that simulated time barely moves; "
          "give it times of a realistic size (docs/limits.md)");
}

}  // namespace resim
