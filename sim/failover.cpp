#include "sim/failover.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/poisson.h"

namespace resim {

FailoverController::FailoverController(const Topology& topology, std::uint64_t seed) : seed_(seed) {
  const auto& configs = topology.scenario().failover_groups;
  for (std::size_t g = 0; g < configs.size(); ++g) {
    Group group{0, topology.failover_cause(g), stable_key(configs[g].name), &configs[g], {}, false};
    for (const auto& v : boost::make_iterator_range(boost::vertices(topology.graph())))
      if (topology.graph()[v].failover == static_cast<int>(g))
        group.vertex = static_cast<std::uint32_t>(v);
    const auto& vertices = topology.failover_members(g);
    for (std::size_t m = 0; m < vertices.size(); ++m) {
      const FailoverMember& member = configs[g].members[m];
      const bool acknowledges = member.replication.mode == ReplicationMode::SYNC ||
                                member.replication.mode == ReplicationMode::SEMI_SYNC;
      group.members.push_back(
          Member{static_cast<std::uint32_t>(vertices[m]), &member, acknowledges});
      group.waits_for_sync =
          group.waits_for_sync || (acknowledges && configs[g].stop_writes_without_sync);
    }
    groups_.push_back(std::move(group));
  }
  state_.resize(groups_.size());
  streams_.resize(groups_.size());
}

void FailoverController::initialize_trial(std::uint64_t trial) {
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    state_[g] = State{};
    const std::uint64_t key = groups_[g].key;
    // Reproducibility rule: one stream per (group, purpose), so that, say, adding lag spikes
    // leaves detection and switch-over draws where they were.
    streams_[g] = Streams{RandomStream::for_trial(seed_, trial, StreamPurpose::DETECTION, key),
                          RandomStream::for_trial(seed_, trial, StreamPurpose::SWITCHOVER, key),
                          RandomStream::for_trial(seed_, trial, StreamPurpose::FAILOVER, key),
                          RandomStream::for_trial(seed_, trial, StreamPurpose::MANUAL, key),
                          RandomStream::for_trial(seed_, trial, StreamPurpose::STARTUP, key),
                          RandomStream::for_trial(seed_, trial, StreamPurpose::LAG, key),
                          RandomStream::for_trial(seed_, trial, StreamPurpose::SCALE_UP, key)};
  }
}

bool FailoverController::serving(std::uint32_t g, const std::vector<std::uint8_t>& up) const {
  const Group& group = groups_[g];
  const State& st = state_[g];
  if (st.phase != Phase::SERVING || !up[group.members[st.active].vertex]) return false;
  if (!group.waits_for_sync) return true;
  for (std::uint32_t m = 0; m < group.members.size(); ++m)
    if (m != st.active && group.members[m].acknowledges && up[group.members[m].vertex]) return true;
  return false;
}

double FailoverController::capacity_fraction(std::uint32_t g, double t) const {
  const State& st = state_[g];
  return t < st.full_capacity_at ? groups_[g].members[st.active].config->standby_capacity : 1.0;
}

double FailoverController::next_capacity_change(std::uint32_t g, double t) const {
  const double at = state_[g].full_capacity_at;
  return at > t ? at : std::numeric_limits<double>::infinity();
}

// The preferred primary starts the trial serving at full capacity; any member that takes over
// later starts from its standby capacity.
void FailoverController::take_over(std::uint32_t g, std::uint32_t member, double now) {
  State& st = state_[g];
  const FailoverMember& config = *groups_[g].members[member].config;
  st.active = member;
  if (config.standby_capacity >= 1.0)
    st.full_capacity_at = now;
  else
    st.full_capacity_at = config.scale_up ? now + config.scale_up->sample(streams_[g].scale_up)
                                          : std::numeric_limits<double>::infinity();
}

std::uint32_t FailoverController::member_index(const Group& group, std::uint32_t vertex) const {
  for (std::uint32_t m = 0; m < group.members.size(); ++m)
    if (group.members[m].vertex == vertex) return m;
  return NONE;
}

std::uint32_t FailoverController::next_candidate(std::uint32_t g,
                                                 const std::vector<std::uint8_t>& up) const {
  const Group& group = groups_[g];
  for (std::uint32_t m = 0; m < group.members.size(); ++m)
    if (m != state_[g].active && up[group.members[m].vertex]) return m;
  return NONE;
}

void FailoverController::member_changed(std::uint32_t g, std::uint32_t member_vertex,
                                        const std::vector<std::uint8_t>& up, double now,
                                        EventQueue& queue, std::vector<FailoverRecord>& records) {
  State& st = state_[g];
  const std::uint32_t m = member_index(groups_[g], member_vertex);
  const bool is_up = up[member_vertex];
  if (m == st.active && !is_up && st.phase == Phase::SERVING) {
    begin_incident(g, now, queue);
    return;
  }
  // Back before any standby was promoted (a blip shorter than detection or the declaration
  // threshold): the incident ends without failover. On the manual path the operator stands
  // down when it is back before the manual steps start. Mid-promotion, the promotion goes on.
  if (m == st.active && is_up && (st.phase == Phase::DETECTING || st.phase == Phase::RESPONDING)) {
    end_incident(g, now, false, 0.0, records, st.phase == Phase::RESPONDING);
    consider_failback(g, now, up, queue);
    return;
  }
  // While waiting for any member, decide only once every state this event changes is known
  // (a region's repair brings several members back at once): a zero-delay event, in order.
  if (is_up && st.phase == Phase::WAITING) {
    st.pending = queue.push(now, g, EventKind::RECONSIDER);
    return;
  }
  if (is_up && m == 0 && st.phase == Phase::SERVING) consider_failback(g, now, up, queue);
}

bool FailoverController::handle(const Event& event, const std::vector<std::uint8_t>& up,
                                EventQueue& queue, std::vector<FailoverRecord>& records) {
  const std::uint32_t g = event.target;
  if (event.sequence != state_[g].pending) return false;
  state_[g].pending = NO_EVENT;
  switch (event.kind) {
    case EventKind::DETECTED:
      detected(g, event.time, up, queue);
      break;
    case EventKind::PROMOTED:
      promoted(g, event.time, up, queue, records);
      break;
    case EventKind::RECONSIDER:
      reconsider(g, event.time, up, queue, records);
      break;
    case EventKind::FAILBACK_START:
      if (state_[g].phase == Phase::SERVING && state_[g].active != 0 &&
          up[groups_[g].members[0].vertex])
        start_failback(g, event.time, queue);
      break;
    case EventKind::FAILBACK_DONE: {
      State& st = state_[g];
      st.phase = Phase::SERVING;
      if (up[groups_[g].members[0].vertex]) take_over(g, 0, event.time);
      if (!up[groups_[g].members[st.active].vertex]) begin_incident(g, event.time, queue);
      break;
    }
    case EventKind::FAIL:
    case EventKind::REPAIR:
    case EventKind::THREAT:
    case EventKind::THREAT_DETECTED:
    case EventKind::RESTORED:
      return false;
  }
  return true;
}

void FailoverController::begin_incident(std::uint32_t g, double now, EventQueue& queue) {
  State& st = state_[g];
  st.phase = Phase::DETECTING;
  st.incident_start = now;
  st.manual = false;
  // A declaration threshold holds the decision until the member has been down that long.
  const FailoverGroup& config = *groups_[g].config;
  st.pending = queue.push(
      now + std::max(config.detection.sample(streams_[g].detection), config.declare_after_s), g,
      EventKind::DETECTED);
}

void FailoverController::end_incident(std::uint32_t g, double now, bool promoted, double rpo_s,
                                      std::vector<FailoverRecord>& records, bool stood_down) {
  State& st = state_[g];
  records.push_back(FailoverRecord{static_cast<std::int32_t>(g), now, now - st.incident_start,
                                   rpo_s, promoted, st.manual, stood_down});
  st.phase = Phase::SERVING;
  st.target = NONE;
  st.pending = NO_EVENT;
}

void FailoverController::detected(std::uint32_t g, double now, const std::vector<std::uint8_t>& up,
                                  EventQueue& queue) {
  const FailoverGroup& config = *groups_[g].config;
  State& st = state_[g];
  Streams& streams = streams_[g];
  // The coin is drawn even in manual mode so the stream's position never depends on the mode.
  const double coin = streams.failover.uniform();
  st.manual = !config.automatic || coin < config.automatic_failure_probability;
  const std::uint32_t candidate = next_candidate(g, up);
  if (candidate == NONE) {
    st.phase = Phase::WAITING;
    return;
  }
  if (st.manual) {
    // The on-call response first; reconsider() then takes the manual steps, or finds the
    // member back (member_changed() stands down the moment it returns).
    st.phase = Phase::RESPONDING;
    st.pending =
        queue.push(now + config.manual_response->sample(streams.manual), g, EventKind::RECONSIDER);
    return;
  }
  promote(g, candidate, config.switchover.sample(streams.switchover) + startup_delay(g, candidate),
          now, queue);
}

void FailoverController::promote(std::uint32_t g, std::uint32_t candidate, double delay, double now,
                                 EventQueue& queue) {
  State& st = state_[g];
  st.phase = Phase::PROMOTING;
  st.target = candidate;
  st.pending = queue.push(now + delay, g, EventKind::PROMOTED);
}

void FailoverController::promoted(std::uint32_t g, double now, const std::vector<std::uint8_t>& up,
                                  EventQueue& queue, std::vector<FailoverRecord>& records) {
  State& st = state_[g];
  if (up[groups_[g].members[st.target].vertex]) {
    const double rpo = sample_rpo(g, st.target);
    take_over(g, st.target, now);
    end_incident(g, now, true, rpo, records);
    consider_failback(g, now, up, queue);
    return;
  }
  // The standby failed while being promoted: try the next one, or wait for any to return.
  promote_next(g, now, up, queue);
}

// A further promotion attempt once the failure is known: the operator's manual steps on the
// manual path, otherwise a switch-over. With no standby up, wait for any member to return.
void FailoverController::promote_next(std::uint32_t g, double now,
                                      const std::vector<std::uint8_t>& up, EventQueue& queue) {
  State& st = state_[g];
  const std::uint32_t candidate = next_candidate(g, up);
  if (candidate == NONE) {
    st.phase = Phase::WAITING;
    st.target = NONE;
    return;
  }
  const auto& config = *groups_[g].config;
  const double delay = st.manual ? config.manual_steps->sample(streams_[g].manual)
                                 : config.switchover.sample(streams_[g].switchover);
  promote(g, candidate, delay + startup_delay(g, candidate), now, queue);
}

// Waiting ends: the failed active member is back (it simply resumes), or the first standby in
// member order that is up is promoted.
void FailoverController::reconsider(std::uint32_t g, double now,
                                    const std::vector<std::uint8_t>& up, EventQueue& queue,
                                    std::vector<FailoverRecord>& records) {
  State& st = state_[g];
  if (up[groups_[g].members[st.active].vertex]) {
    end_incident(g, now, false, 0.0, records);
    consider_failback(g, now, up, queue);
    return;
  }
  promote_next(g, now, up, queue);  // waits again if what came back failed in the same instant
}

void FailoverController::consider_failback(std::uint32_t g, double now,
                                           const std::vector<std::uint8_t>& up, EventQueue& queue) {
  const FailoverGroup& config = *groups_[g].config;
  State& st = state_[g];
  if (st.active == 0 || !up[groups_[g].members[0].vertex]) return;
  switch (config.failback) {
    case FailbackPolicy::NONE:
      return;
    // Through an event, not at once: the failback's outage is then the group's own doing, not
    // part of the repair event that brought the primary back.
    case FailbackPolicy::AUTOMATIC:
      st.pending = queue.push(now, g, EventKind::FAILBACK_START);
      return;
    case FailbackPolicy::SCHEDULED: {
      const double next = std::floor((now - config.failback_at_s) / config.failback_every_s + 1.0) *
                              config.failback_every_s +
                          config.failback_at_s;
      st.pending = queue.push(next, g, EventKind::FAILBACK_START);
      return;
    }
  }
}

// A planned switch back to the preferred primary: no data is lost, but the group does not
// serve while it lasts.
void FailoverController::start_failback(std::uint32_t g, double now, EventQueue& queue) {
  State& st = state_[g];
  st.phase = Phase::FAILING_BACK;
  st.target = 0;
  st.pending = queue.push(now + groups_[g].config->failback_duration.sample(streams_[g].switchover),
                          g, EventKind::FAILBACK_DONE);
}

double FailoverController::startup_delay(std::uint32_t g, std::uint32_t member) {
  const FailoverMember& config = *groups_[g].members[member].config;
  return config.startup ? config.startup->sample(streams_[g].startup) : 0.0;
}

// The lag of the promoted member at the promotion instant. Lag spikes arrive as a Poisson
// process of rate r and last D each, so the number under way at a random instant is
// Poisson(r·E[D]) (the M/G/∞ occupancy), independent of the failure processes.
double FailoverController::sample_rpo(std::uint32_t g, std::uint32_t member) {
  const Replication& replication = groups_[g].members[member].config->replication;
  if (replication.mode != ReplicationMode::ASYNC) return 0.0;
  RandomStream& stream = streams_[g].lag;
  double lag = replication.lag->sample(stream);
  if (replication.spike_rate_per_s > 0.0) {
    const std::int64_t spikes =
        sample_poisson(replication.spike_rate_per_s * replication.spike_duration->mean(), stream);
    for (std::int64_t s = 0; s < spikes; ++s) lag += replication.spike_lag->sample(stream);
  }
  return lag;
}

}  // namespace resim
