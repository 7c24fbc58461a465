// Active-passive failover groups: detection, promotion (automatic or manual), failback, and the
// data each promotion loses. One controller serves every group of a scenario for one thread.
#pragma once

#include <cstdint>
#include <vector>

#include "models/topology.h"
#include "sim/event_queue.h"
#include "sim/random.h"

namespace resim {

// One incident of a failover group: its active member failed, and service by the group resumed.
struct FailoverRecord {
  std::int32_t group;
  double time;      // when the group served again
  double rto_s;     // from the active member's failure until the group serves again
  double rpo_s;     // writes lost at the promotion, in seconds of writes; 0 without promotion
  bool promoted;    // false: the active member came back before a standby was promoted
  bool manual;      // the manual path was taken (manual mode, or automatic failover failed)
  bool stood_down;  // manual path called off: the active member came back during the response
};

class FailoverController {
 public:
  FailoverController(const Topology& topology, std::uint64_t seed);

  void initialize_trial(std::uint64_t trial);

  std::uint32_t vertex(std::uint32_t g) const { return groups_[g].vertex; }
  std::int32_t cause(std::uint32_t g) const { return groups_[g].cause; }
  // The group serves while its active member is up, no failover is under way and, where it
  // waits for synchronous acknowledgement, a synchronous standby is up.
  bool serving(std::uint32_t g, const std::vector<std::uint8_t>& up) const;
  // Which member serves (or will, once the incident under way ends), and the fraction of its
  // capacity it has at time t: below 1 while a scaled-down standby scales up after promotion.
  std::uint32_t active_member(std::uint32_t g) const { return state_[g].active; }
  double capacity_fraction(std::uint32_t g, double t) const;
  // When that fraction next changes after t; infinity when it stays as it is.
  double next_capacity_change(std::uint32_t g, double t) const;

  // A member of group g went up or down. May start or end an incident, or schedule a failback.
  void member_changed(std::uint32_t g, std::uint32_t member_vertex,
                      const std::vector<std::uint8_t>& up, double now, EventQueue& queue,
                      std::vector<FailoverRecord>& records);
  // A DETECTED, PROMOTED, RECONSIDER, FAILBACK_START or FAILBACK_DONE event. False when superseded.
  bool handle(const Event& event, const std::vector<std::uint8_t>& up, EventQueue& queue,
              std::vector<FailoverRecord>& records);

  // RESPONDING: the manual path's on-call response, before any manual step is taken.
  enum class Phase : std::uint8_t {
    SERVING,
    DETECTING,
    RESPONDING,
    PROMOTING,
    WAITING,
    FAILING_BACK
  };
  // What group g is doing, for traces (sim/trace.h): its phase, the member being promoted (or
  // failed back to) and whether the manual path was taken.
  Phase phase(std::uint32_t g) const { return state_[g].phase; }
  std::uint32_t target_member(std::uint32_t g) const { return state_[g].target; }
  bool manual(std::uint32_t g) const { return state_[g].manual; }

 private:
  static constexpr std::uint64_t NO_EVENT = ~std::uint64_t{0};
  static constexpr std::uint32_t NONE = ~std::uint32_t{0};

  struct Member {
    std::uint32_t vertex;
    const FailoverMember* config;
    bool acknowledges;  // sync or semi-sync: holds every acknowledged write
  };
  struct Group {
    std::uint32_t vertex;
    std::int32_t cause;
    std::uint64_t key;
    const FailoverGroup* config;
    std::vector<Member> members;
    bool waits_for_sync;
  };
  struct State {
    std::uint32_t active = 0;
    std::uint32_t target = NONE;
    Phase phase = Phase::SERVING;
    bool manual = false;
    double incident_start = 0.0;
    double full_capacity_at = 0.0;     // the active member's capacity is whole from then on
    std::uint64_t pending = NO_EVENT;  // the one event of this group that is still valid
  };
  struct Streams {
    RandomStream detection, switchover, failover, manual, startup, lag, scale_up;
  };

  std::uint32_t member_index(const Group& group, std::uint32_t vertex) const;
  std::uint32_t next_candidate(std::uint32_t g, const std::vector<std::uint8_t>& up) const;
  void begin_incident(std::uint32_t g, double now, EventQueue& queue);
  void end_incident(std::uint32_t g, double now, bool promoted, double rpo_s,
                    std::vector<FailoverRecord>& records, bool stood_down = false);
  void detected(std::uint32_t g, double now, const std::vector<std::uint8_t>& up,
                EventQueue& queue);
  void promote(std::uint32_t g, std::uint32_t candidate, double delay, double now,
               EventQueue& queue);
  void promoted(std::uint32_t g, double now, const std::vector<std::uint8_t>& up, EventQueue& queue,
                std::vector<FailoverRecord>& records);
  void promote_next(std::uint32_t g, double now, const std::vector<std::uint8_t>& up,
                    EventQueue& queue);
  void reconsider(std::uint32_t g, double now, const std::vector<std::uint8_t>& up,
                  EventQueue& queue, std::vector<FailoverRecord>& records);
  void consider_failback(std::uint32_t g, double now, const std::vector<std::uint8_t>& up,
                         EventQueue& queue);
  void start_failback(std::uint32_t g, double now, EventQueue& queue);
  void take_over(std::uint32_t g, std::uint32_t member, double now);
  double startup_delay(std::uint32_t g, std::uint32_t member);
  double sample_rpo(std::uint32_t g, std::uint32_t member);

  std::vector<Group> groups_;
  std::vector<State> state_;
  std::vector<Streams> streams_;
  std::uint64_t seed_;
};

}  // namespace resim
