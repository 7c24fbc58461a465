// The validated scenario: what the planner wrote, checked and with defaults filled in.
// docs/scenario-format.md documents every field.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/dataset.h"
#include "models/distribution.h"
#include "models/targets.h"

namespace resim {

// Alternating up/down periods: time to failure, then time to repair.
struct FailureProcess {
  Distribution ttf;
  Distribution ttr;
};

struct Zone {
  std::string name;
  std::optional<FailureProcess> outage;  // none: the zone itself never fails
  double destroy_probability = 0.0;      // an outage destroys it: back empty, copies there gone
};

struct Region {
  std::string name;
  std::optional<FailureProcess> outage;
  std::vector<Zone> zones;
  double destroy_probability = 0.0;  // destroys its zones too
};

// A pool of people who repair components; repairs wait in FIFO order while all are busy.
struct Crew {
  std::string name;
  int size = 1;
};

enum class StandbyKind { HOT, WARM, COLD };
enum class ReplicationMode { NONE, SYNC, SEMI_SYNC, ASYNC };
enum class FailbackPolicy { NONE, AUTOMATIC, SCHEDULED };

// How a member receives the primary's writes while it is a standby.
struct Replication {
  ReplicationMode mode = ReplicationMode::NONE;
  std::optional<Distribution> lag;  // async: the lag at a random instant
  double spike_rate_per_s = 0.0;    // async: lag spikes arrive as a Poisson process
  std::optional<Distribution> spike_duration;
  std::optional<Distribution> spike_lag;  // extra lag while a spike lasts
};

struct FailoverMember {
  std::string name;  // a component or group
  StandbyKind kind = StandbyKind::HOT;
  std::optional<Distribution> startup;  // warm and cold standbys: time to start serving
  Replication replication;
  // A scaled-down standby (pilot light, warm region): the fraction of its capacity it has until,
  // once promoted, it has scaled up (never, without scale_up).
  double standby_capacity = 1.0;
  std::optional<Distribution> scale_up;
};

// Active-passive: one member serves; on its failure the next available standby is promoted
// after detection and switch-over.
struct FailoverGroup {
  std::string name;
  std::string description;
  std::vector<FailoverMember> members;  // members[0] is the preferred primary
  Distribution detection = Distribution::constant(0.0);
  double declare_after_s = 0.0;  // a failover starts only once the active member is down this long
  Distribution switchover = Distribution::constant(0.0);
  bool automatic = true;
  double automatic_failure_probability = 0.0;  // then the manual path applies
  std::optional<Distribution> manual_response;
  std::optional<Distribution> manual_steps;
  FailbackPolicy failback = FailbackPolicy::NONE;
  Distribution failback_duration = Distribution::constant(0.0);
  double failback_every_s = 0.0;  // scheduled failback: at the next time ≡ failback_at_s
  double failback_at_s = 0.0;
  bool stop_writes_without_sync = false;  // when no synchronous standby acknowledges
  double writes_per_second = 0.0;
  std::vector<std::string> requires_;
  std::vector<double> demand;  // carried by the serving member's capacity alone; as for components
};

struct Component {
  std::string name;
  std::string description;
  std::vector<std::string> zones;  // placement; empty: not placed in any zone
  int per_zone = 1;                // instances in each zone (when placed)
  int count = 1;                   // instances in all (when not placed)
  int min_up = 1;                  // the component is up while at least min_up instances are
  FailureProcess process{Distribution::constant(0.0), Distribution::constant(0.0)};
  std::vector<std::string> requires_;  // names of components or groups
  std::string crew;                    // empty: repairs start at once
  double capacity = 0.0;               // per instance, in the planner's units (requests/s, ...)
  std::vector<double> demand;          // none, one constant value, or 24 hourly values
};

struct Group {
  std::string name;
  std::string description;
  std::vector<std::string> members;  // names of components or groups
  int min_up = 1;
  std::vector<std::string> requires_;
  std::vector<double> demand;  // carried by the members' capacity; as for components
};

// Longer horizons only repeat the same steady state, and would let one trial run for hours.
inline constexpr double MAX_HORIZON_S = 1000.0 * 8760.0 * 3600.0;

// Work limits, documented in docs/limits.md. Beyond MAX_TRIALS the interval is far narrower
// than the model's own accuracy; MAX_THREADS is beyond any machine resim runs on.
inline constexpr std::int64_t MAX_TRIALS = 1'000'000'000;
inline constexpr int MAX_THREADS = 256;
// Expected events in a whole run (models/work_estimate.h): about 15 minutes on one core.
inline constexpr double DEFAULT_MAX_EVENTS = 1e10;
// Async lag spikes under way at once (each promotion sums their lags).
inline constexpr double MAX_SPIKES_UNDER_WAY = 1e5;

struct Settings {
  double horizon_s = 8760.0 * 3600.0;
  std::int64_t trials = 10000;
  std::uint64_t seed = 1;
  int threads = 0;  // 0: all cores
  double max_events = DEFAULT_MAX_EVENTS;
};

struct Scenario {
  std::string file;  // where it was read from, for messages
  std::string name;
  std::string description;
  Settings settings;
  std::vector<TargetSet> target_sets;  // the "targets" object first, then "target_sets"
  std::vector<Region> regions;
  std::vector<Component> components;
  std::vector<Group> groups;
  std::vector<FailoverGroup> failover_groups;
  std::vector<Crew> crews;
  std::string service;
  DataSection data;  // datasets, storage locations, backup schedules
};

// Reads and validates a scenario. Throws ScenarioError naming file, JSON pointer and fix.
Scenario parse_scenario(const std::string& text, const std::string& file);
Scenario load_scenario(const std::string& path);

// Readers shared with the other sections' parsers (models/dataset.cpp).
class JsonReader;
// Exactly one of the shorthand (exponential with that mean) and the full distribution.
std::optional<Distribution> read_time(const JsonReader& node, std::string_view shorthand,
                                      std::string_view full);
// `what` names the element in messages; all or nothing of time to failure and to repair.
std::optional<FailureProcess> read_optional_process(const JsonReader& node,
                                                    const std::string& what);
// A duration string (a constant) or a distribution object.
Distribution read_delay(const JsonReader& node);

}  // namespace resim
