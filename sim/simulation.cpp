#include "sim/simulation.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "models/duration.h"

namespace resim {

TrialSimulator::TrialSimulator(const Topology& topology, double horizon_s, std::uint64_t seed)
    : horizon_s_(horizon_s),
      // An outage still open this long after the horizon is recorded as unfinished rather than
      // simulated forever (a repair time that never ends would otherwise hang the run).
      give_up_s_(horizon_s * 101.0),
      seed_(seed),
      crews_(topology),
      failover_(topology, seed),
      observer_(topology, horizon_s),
      backups_(topology, seed),
      datasets_(&topology.scenario().data.datasets) {
  build_structure(topology);
  const std::size_t vertices = min_up_.size();
  const std::size_t processes = process_vertex_.size();
  self_down_.resize(vertices);
  required_down_.resize(vertices);
  members_up_.resize(vertices);
  up_.resize(vertices);
  capacity_up_.resize(vertices);
  failure_stream_.resize(processes);
  repair_stream_.resize(processes);
  pending_.reserve(vertices);
  queue_.configure(processes, topology.scenario().failover_groups.size(),
                   backups_.event_capacity());
  trial_cause_downtime_.resize(topology.causes().size());
}

void TrialSimulator::build_structure(const Topology& topology) {
  const auto& graph = topology.graph();
  const std::size_t n = boost::num_vertices(graph);
  min_up_.resize(n);
  initial_members_up_.assign(n, 0);
  vertex_failover_.assign(n, -1);
  capacity_.assign(n, 0.0);
  initial_capacity_up_.assign(n, 0.0);
  edge_begin_.reserve(n + 1);
  for (std::size_t v = 0; v < n; ++v) {
    min_up_[v] = graph[v].min_up;
    vertex_failover_[v] = graph[v].failover;
    capacity_[v] = graph[v].capacity;
    if (graph[v].demand) {
      Demand demand{static_cast<std::uint32_t>(v), graph[v].demand, graph[v].failover, {}};
      const std::vector<Vertex> carriers =
          graph[v].failover < 0
              ? std::vector<Vertex>{v}
              : topology.failover_members(static_cast<std::size_t>(graph[v].failover));
      for (const Vertex carrier : carriers) {
        demand.sources.emplace_back();
        for (const Vertex source : topology.capacity_sources(carrier))
          demand.sources.back().push_back(static_cast<std::uint32_t>(source));
      }
      demands_.push_back(std::move(demand));
    }
    edge_begin_.push_back(static_cast<std::uint32_t>(edge_target_.size()));
    for (auto e : boost::make_iterator_range(boost::out_edges(v, graph))) {
      const auto target = static_cast<std::uint32_t>(boost::target(e, graph));
      edge_target_.push_back(target);
      edge_kind_.push_back(graph[e].kind);
      if (graph[e].kind == EdgeKind::MEMBER) {
        ++initial_members_up_[target];
        initial_capacity_up_[target] += graph[v].capacity;
      }
    }
  }
  edge_begin_.push_back(static_cast<std::uint32_t>(edge_target_.size()));
  for (const auto& process : topology.processes()) {
    process_vertex_.push_back(static_cast<std::uint32_t>(process.vertex));
    process_cause_.push_back(process.cause);
    process_crew_.push_back(process.crew);
    process_key_.push_back(process.key);
    ttf_.push_back(process.ttf);
    ttr_.push_back(process.ttr);
  }
  root_ = static_cast<std::uint32_t>(topology.root());
}

TrialOutcome TrialSimulator::run(std::uint64_t trial, ChunkAccumulator& sink) {
  initialize_trial(trial);
  trial_ = trial;
  if (trace_) trace_->trial_started(trial);
  while (next_event_time() < horizon_s_) step();
  // An outage open at the horizon runs on until the service is restored, so that every outage
  // starting within the horizon contributes its full duration to the RTO distribution.
  while (!up_[root_] && next_event_time() < give_up_s_) step();
  finalize_trial(sink);
  if (trace_) trace_->trial_finished(outcome_, std::max(now_, horizon_s_));
  return outcome_;
}

void TrialSimulator::initialize_trial(std::uint64_t trial) {
  std::fill(self_down_.begin(), self_down_.end(), 0);
  std::fill(required_down_.begin(), required_down_.end(), 0);
  std::copy(initial_members_up_.begin(), initial_members_up_.end(), members_up_.begin());
  std::fill(up_.begin(), up_.end(), 1);
  std::copy(initial_capacity_up_.begin(), initial_capacity_up_.end(), capacity_up_.begin());
  served_until_ = 0.0;
  std::fill(trial_cause_downtime_.begin(), trial_cause_downtime_.end(), 0.0);
  trial_outages_.clear();
  trial_failovers_.clear();
  queue_.clear();
  crews_.reset();
  failover_.initialize_trial(trial);
  observer_.initialize_trial();
  if (backups_.active()) backups_.initialize_trial(trial, queue_);
  outcome_ = TrialOutcome{};
  now_ = 0.0;
  events_ = 0;
  // Reproducibility rule: every stream is a function of (seed, trial, purpose, element name)
  // alone, never of the thread, the chunk or the other elements of the scenario.
  const std::uint64_t failure = RandomStream::trial_state(seed_, trial, StreamPurpose::FAILURE);
  const std::uint64_t repair = RandomStream::trial_state(seed_, trial, StreamPurpose::REPAIR);
  for (std::uint32_t p = 0; p < process_vertex_.size(); ++p) {
    failure_stream_[p] = RandomStream::for_element(failure, process_key_[p]);
    repair_stream_[p] = RandomStream::for_element(repair, process_key_[p]);
    queue_.push(ttf_[p]->sample(failure_stream_[p]), p, EventKind::FAIL);
  }
}

double TrialSimulator::next_event_time() const {
  return queue_.empty() ? std::numeric_limits<double>::infinity() : queue_.top().time;
}

// The event stays on top of the queue while it is handled, so that its process scheduling its
// next event replaces it in place.
void TrialSimulator::process_top() {
  const Event event = queue_.top();
  if (trace_)
    traced_process(event);
  else
    process(event);
  queue_.finish(event);
}

// Off the hot path (resim replay only): what the event changed, from what the controllers
// recorded while it was handled.
void TrialSimulator::traced_process(const Event& event) {
  const std::size_t failovers = trial_failovers_.size();
  const std::size_t restores = backups_.records().size();
  const bool handled = process(event);
  const auto& records = backups_.records();
  trace_->handled(TraceStep{
      event,
      !handled,
      up_[root_] != 0,
      served_fraction(now_),
      event.kind == EventKind::FAIL ? repair_due_ : 0.0,
      {trial_failovers_.begin() + static_cast<std::ptrdiff_t>(failovers), trial_failovers_.end()},
      {records.begin() + static_cast<std::ptrdiff_t>(restores), records.end()},
      &failover_,
      &backups_});
}

bool TrialSimulator::process(const Event& event) {
  if (!demands_.empty()) accumulate_service(event.time);  // the state up to now, before it changes
  now_ = event.time;
  ++events_;
  planned_event_ = event.kind == EventKind::FAILBACK_START;
  const std::uint32_t target = event.target;
  switch (event.kind) {
    case EventKind::FAIL:
      if (backups_.active()) backups_.before_failure(target, now_, up_, queue_);
      set_self_down(process_vertex_[target], true, process_cause_[target]);
      repair_due_ = start_repair(target);
      if (backups_.active()) {
        backups_.repair_expected(target, repair_due_);
        apply_data_holds();
      }
      break;
    case EventKind::REPAIR:
      set_self_down(process_vertex_[target], false, process_cause_[target]);
      queue_.push(now_ + ttf_[target]->sample(failure_stream_[target]), target, EventKind::FAIL);
      repair_finished(target);
      break;
    case EventKind::DETECTED:
    case EventKind::PROMOTED:
    case EventKind::RECONSIDER:
    case EventKind::FAILBACK_START:
    case EventKind::FAILBACK_DONE:
      if (!failover_.handle(event, up_, queue_, trial_failovers_)) return false;
      refresh(failover_.vertex(target), failover_.cause(target));
      break;
    case EventKind::THREAT:
    case EventKind::THREAT_DETECTED:
    case EventKind::RESTORED:
      backups_.handle(event, up_, queue_);
      apply_data_holds();
      break;
  }
  return true;
}

void TrialSimulator::step() {
  if (events_ >= event_limit_) runaway(trial_);
  process_top();
}

// Off the hot path: the events that follow the limit show which element keeps time still.
void TrialSimulator::runaway(std::uint64_t trial) {
  constexpr int SAMPLE = 10000;
  std::vector<std::uint32_t> by_process(process_vertex_.size(), 0);
  std::vector<std::uint32_t> by_group(vertex_failover_.size(), 0);
  for (int i = 0; i < SAMPLE && !queue_.empty(); ++i) {
    const Event& event = queue_.top();
    // Dataset events (THREAT and after) are counted with neither: backups cannot run away.
    if (event.kind == EventKind::FAIL || event.kind == EventKind::REPAIR)
      ++by_process[event.target];
    else if (event.kind < EventKind::THREAT)
      ++by_group[event.target];
    process_top();
  }
  const auto top_process = std::max_element(by_process.begin(), by_process.end());
  const auto top_group = std::max_element(by_group.begin(), by_group.end());
  const bool group =
      top_group != by_group.end() && (top_process == by_process.end() || *top_group > *top_process);
  throw RunawayTrial{trial, group ? -1 : top_process - by_process.begin(),
                     group ? top_group - by_group.begin() : -1, static_cast<double>(event_limit_)};
}

// A dataset being restored holds its component or failover group down (sim/backups.h); those
// vertices have no failure process of their own, so self_down_ is the hold's alone.
void TrialSimulator::apply_data_holds() {
  for (const std::uint32_t d : backups_.changed())
    set_self_down(backups_.vertex(d), backups_.held(d), backups_.cause(d));
  backups_.clear_changed();
}

double TrialSimulator::start_repair(std::uint32_t process) {
  const std::int32_t crew = process_crew_[process];
  if (crew >= 0 && !crews_.try_start(crew, process)) return std::numeric_limits<double>::infinity();
  const double back = now_ + ttr_[process]->sample(repair_stream_[process]);
  queue_.push(back, process, EventKind::REPAIR);
  return back;
}

void TrialSimulator::repair_finished(std::uint32_t process) {
  const std::int32_t crew = process_crew_[process];
  if (crew < 0) return;
  const std::int64_t next = crews_.finish(crew);
  if (next < 0) return;
  const auto queued = static_cast<std::uint32_t>(next);
  queue_.push(now_ + ttr_[queued]->sample(repair_stream_[queued]), queued, EventKind::REPAIR);
}

void TrialSimulator::set_self_down(std::uint32_t vertex, bool down, std::int32_t cause) {
  self_down_[vertex] = down ? 1 : 0;
  refresh(vertex, cause);
}

// Re-evaluates a vertex whose own inputs changed and carries any flip downstream; `cause` is
// what an outage of the service starting now is attributed to.
void TrialSimulator::refresh(std::uint32_t vertex, std::int32_t cause) {
  const bool service_was_up = up_[root_];
  if (evaluate(vertex) != static_cast<bool>(up_[vertex])) propagate_from(vertex);
  if (service_was_up && !up_[root_]) service_went_down(cause);
  if (!service_was_up && up_[root_]) service_came_up();
}

bool TrialSimulator::evaluate(std::uint32_t v) const {
  return !self_down_[v] && required_down_[v] == 0 && members_up_[v] >= min_up_[v] &&
         (vertex_failover_[v] < 0 ||
          failover_.serving(static_cast<std::uint32_t>(vertex_failover_[v]), up_));
}

// One event moves every state in one direction (a failure only takes things down, a repair
// only brings them up), so each vertex flips at most once and pending_ never outgrows its
// reserved size. Only vertices downstream of a flip are visited.
void TrialSimulator::propagate_from(std::uint32_t vertex) {
  pending_.clear();
  flip(vertex);
  pending_.push_back(vertex);
  while (!pending_.empty()) {
    const std::uint32_t v = pending_.back();
    pending_.pop_back();
    const int delta = up_[v] ? 1 : -1;
    for (std::uint32_t e = edge_begin_[v]; e < edge_begin_[v + 1]; ++e) {
      const std::uint32_t w = edge_target_[e];
      switch (edge_kind_[e]) {
        case EdgeKind::REQUIRES:
          required_down_[w] -= delta;
          break;
        case EdgeKind::MEMBER:
          members_up_[w] += delta;
          capacity_up_[w] += delta * capacity_[v];
          break;
        case EdgeKind::CANDIDATE:
          failover_.member_changed(static_cast<std::uint32_t>(vertex_failover_[w]), v, up_, now_,
                                   queue_, trial_failovers_);
          break;
      }
      if (evaluate(w) != static_cast<bool>(up_[w])) {
        flip(w);
        pending_.push_back(w);
      }
    }
  }
}

void TrialSimulator::flip(std::uint32_t vertex) {
  up_[vertex] = !up_[vertex];
  if (trace_) trace_->flipped(vertex, up_[vertex] != 0, now_);
  const std::int32_t slot = observer_.slot(vertex);
  if (slot >= 0) observer_.flipped(slot, up_[vertex], now_, planned_event_);
}

void TrialSimulator::service_went_down(std::int32_t cause) {
  outage_start_ = now_;
  outage_cause_ = cause;
  outage_planned_ = planned_event_;
  ++(outage_planned_ ? outcome_.planned_outages : outcome_.outages);
}

void TrialSimulator::service_came_up() {
  const double duration = now_ - outage_start_;
  // A zero-length interruption (a failback that takes no time) is no outage at all.
  if (duration <= 0.0) {
    --(outage_planned_ ? outcome_.planned_outages : outcome_.outages);
    return;
  }
  const double within_horizon = std::min(now_, horizon_s_) - std::min(outage_start_, horizon_s_);
  outcome_.downtime_s += within_horizon;
  if (outage_planned_) outcome_.planned_downtime_s += within_horizon;
  trial_cause_downtime_[outage_cause_] += within_horizon;
  // Every outage seen started within the horizon: past it, run() stops at the first restoration.
  trial_outages_.push_back(
      OutageRecord{outage_start_, duration, within_horizon, outage_cause_, outage_planned_});
  if (!outage_planned_) outcome_.longest_outage_s = std::max(outcome_.longest_outage_s, duration);
}

// The served fraction is min over demands of capacity up / demand, and 0 while the service is
// down: piecewise constant between events, hour boundaries and the ends of scale-ups, so
// integrated exactly.
void TrialSimulator::accumulate_service(double until) {
  until = std::min(until, horizon_s_);
  while (served_until_ < until) {
    const double hour_end = (std::floor(served_until_ / SECONDS_PER_HOUR) + 1.0) * SECONDS_PER_HOUR;
    const double end = std::min({until, hour_end, next_capacity_change(served_until_)});
    const double served = served_fraction(served_until_);
    outcome_.served_s += served * (end - served_until_);
    if (up_[root_] && served < 1.0) outcome_.degraded_s += end - served_until_;
    served_until_ = end;
  }
}

double TrialSimulator::served_fraction(double t) const {
  if (!up_[root_]) return 0.0;
  const auto hour = static_cast<std::size_t>(std::fmod(std::floor(t / SECONDS_PER_HOUR), 24.0));
  double served = 1.0;
  for (const auto& d : demands_) {
    const std::vector<double>& hourly = *d.hourly;
    const double demand = hourly.size() == 24 ? hourly[hour] : hourly[0];
    const double fraction = !up_[d.vertex] ? 0.0 : demand > 0.0 ? capacity_up(d, t) / demand : 1.0;
    served = std::min(served, fraction);
  }
  return served;
}

// A group's capacity is that of its members that are up; a component's, of its instances; a
// failover group's, its serving member's, reduced while a scaled-down standby scales up.
double TrialSimulator::capacity_up(const Demand& demand, double t) const {
  const bool failover = demand.failover >= 0;
  const auto g = static_cast<std::uint32_t>(demand.failover);
  double capacity = 0.0;
  for (std::uint32_t m : demand.sources[failover ? failover_.active_member(g) : 0])
    capacity += up_[m] ? capacity_up_[m] : 0.0;
  return failover ? capacity * failover_.capacity_fraction(g, t) : capacity;
}

double TrialSimulator::next_capacity_change(double t) const {
  double next = std::numeric_limits<double>::infinity();
  for (const auto& d : demands_)
    if (d.failover >= 0)
      next =
          std::min(next, failover_.next_capacity_change(static_cast<std::uint32_t>(d.failover), t));
  return next;
}

void TrialSimulator::finalize_trial(ChunkAccumulator& sink) {
  if (!demands_.empty()) accumulate_service(horizon_s_);
  unfinished_open_ = !up_[root_];
  if (!up_[root_]) {
    // Gave up waiting for restoration: count the horizon's share, flag the outage.
    const double within_horizon = horizon_s_ - std::min(outage_start_, horizon_s_);
    outcome_.downtime_s += within_horizon;
    if (outage_planned_) outcome_.planned_downtime_s += within_horizon;
    trial_cause_downtime_[outage_cause_] += within_horizon;
    ++sink.unfinished_outages;
    unfinished_ = OutageRecord{outage_start_, now_ - outage_start_, within_horizon, outage_cause_,
                               outage_planned_};
  }
  find_data_loss();
  for (const auto& outage : trial_outages_) sink.add_outage(outage);
  for (const auto& record : trial_failovers_) sink.add_failover(record);
  observer_.finalize_trial(trial_failovers_, backups_.records(), now_, sink.targets);
  sink.add_trial(outcome_, trial_cause_downtime_);
  sink.events += events_;
  if (backups_.active()) sink.data.add_trial(*datasets_, backups_.records());
}

// Per trial, not per event: what resim replay --worst rpo ranks trials by.
void TrialSimulator::find_data_loss() {
  for (const auto& record : trial_failovers_)
    if (record.promoted) outcome_.data_loss_s = std::max(outcome_.data_loss_s, record.rpo_s);
  if (!backups_.active()) return;
  for (const auto& record : backups_.records()) {
    if (record.recovered)
      outcome_.data_loss_s = std::max(outcome_.data_loss_s, record.rpo_s);
    else
      outcome_.data_lost_for_good = true;
  }
}

}  // namespace resim
