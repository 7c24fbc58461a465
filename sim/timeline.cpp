#include "sim/timeline.h"

#include <algorithm>
#include <cmath>

#include "models/duration.h"

namespace resim {

namespace {

const char* vertex_kind_name(VertexKind kind) {
  switch (kind) {
    case VertexKind::REGION:
      return "region";
    case VertexKind::ZONE:
      return "zone";
    case VertexKind::INSTANCE:
      return "instance";
    case VertexKind::COMPONENT:
      return "component";
    case VertexKind::GROUP:
      return "group";
    case VertexKind::FAILOVER:
      return "failover";
  }
  return "component";
}

// Rows are listed by what a reviewer looks at first: the failover groups, the groups and
// components, the datasets, then the zones and regions.
int row_rank(VertexKind kind, bool dataset) {
  if (dataset) return 3;
  switch (kind) {
    case VertexKind::FAILOVER:
      return 0;
    case VertexKind::GROUP:
      return 1;
    case VertexKind::COMPONENT:
      return 2;
    case VertexKind::ZONE:
      return 4;
    case VertexKind::REGION:
      return 5;
    case VertexKind::INSTANCE:
      return 6;
  }
  return 6;
}

const char* phase_name(FailoverController::Phase phase) {
  switch (phase) {
    case FailoverController::Phase::SERVING:
      return "up";
    case FailoverController::Phase::DETECTING:
      return "detecting";
    case FailoverController::Phase::RESPONDING:
      return "responding";
    case FailoverController::Phase::PROMOTING:
      return "promoting";
    case FailoverController::Phase::WAITING:
      return "waiting";
    case FailoverController::Phase::FAILING_BACK:
      return "failing back";
  }
  return "up";
}

}  // namespace

double Timeline::downtime_s() const {
  double total = 0.0;
  for (const auto& o : outages) total += std::min(o.end, horizon_s) - std::min(o.start, horizon_s);
  return total;
}

std::uint32_t Timeline::unplanned_outages() const {
  return static_cast<std::uint32_t>(
      std::count_if(outages.begin(), outages.end(), [](const auto& o) { return !o.planned; }));
}

TimelineRecorder::TimelineRecorder(const Topology& topology, double horizon_s)
    : topology_(topology), horizon_s_(horizon_s) {
  const auto& graph = topology.graph();
  const std::size_t n = boost::num_vertices(graph);
  members_.resize(n);
  for (std::uint32_t v = 0; v < n; ++v) {
    const VertexKind kind = graph[v].kind;
    // The service has its own row; a failover group at the top keeps its row of phases too.
    if (kind == VertexKind::INSTANCE || (v == topology.root() && kind != VertexKind::FAILOVER))
      continue;
    rows_.push_back(
        Row{kind == VertexKind::FAILOVER ? static_cast<std::uint32_t>(graph[v].failover) : v, kind,
            false});
    if (kind == VertexKind::COMPONENT || kind == VertexKind::GROUP)
      members_[v] = topology.members_of(v);
  }
  const auto& datasets = topology.scenario().data.datasets;
  for (std::uint32_t d = 0; d < datasets.size(); ++d) {
    rows_.push_back(Row{d, VertexKind::COMPONENT, true});
    for (const auto& threat : datasets[d].threats) threats_.push_back(&threat);
  }
  std::stable_sort(rows_.begin(), rows_.end(), [](const Row& a, const Row& b) {
    return row_rank(a.kind, a.dataset) < row_rank(b.kind, b.dataset);
  });
  up_.resize(n);
  row_vertex_.resize(n);
  for (std::uint32_t v = 0; v < n; ++v) {
    row_vertex_[v] = v;
    if (graph[v].kind != VertexKind::INSTANCE) continue;
    for (auto e : boost::make_iterator_range(boost::out_edges(v, graph)))
      if (graph[e].kind == EdgeKind::MEMBER)
        row_vertex_[v] = static_cast<std::uint32_t>(boost::target(e, graph));
  }
}

const std::string& TimelineRecorder::vertex_name(std::uint32_t v) const {
  return topology_.graph()[v].name;
}

const std::string& TimelineRecorder::member_name(std::uint32_t g, std::uint32_t m) const {
  return vertex_name(static_cast<std::uint32_t>(topology_.failover_members(g)[m]));
}

void TimelineRecorder::trial_started(std::uint64_t trial) {
  timeline_ = Timeline{};
  timeline_.trial = trial;
  timeline_.horizon_s = horizon_s_;
  std::fill(up_.begin(), up_.end(), 1);
  service_up_ = true;
  const auto& graph = topology_.graph();
  timeline_.rows.push_back(TimelineRow{graph[topology_.root()].name, "service", {{0, 0, "up"}}});
  for (const Row& row : rows_) {
    const std::string& name = row.dataset ? topology_.scenario().data.datasets[row.index].name
                              : row.kind == VertexKind::FAILOVER
                                  ? topology_.scenario().failover_groups[row.index].name
                                  : graph[row.index].name;
    timeline_.rows.push_back(
        TimelineRow{name, row.dataset ? "dataset" : vertex_kind_name(row.kind), {{0, 0, "up"}}});
  }
}

void TimelineRecorder::flipped(std::uint32_t vertex, bool up, double /*time*/) {
  up_[vertex] = up ? 1 : 0;
}

void TimelineRecorder::handled(const TraceStep& step) {
  if (step.superseded) return;  // the group had moved on: nothing happened
  describe(step);
  track_outage(step);
  update_rows(step);
}

void TimelineRecorder::add(const TraceStep& step, std::string event, std::string element,
                           std::string detail) {
  std::string row = element;
  if (event == "failure" || event == "repair")
    row = vertex_name(row_vertex_[topology_.processes()[step.event.target].vertex]);
  timeline_.events.push_back(TimelineEvent{step.event.time, std::move(event), std::move(element),
                                           std::move(row), std::move(detail), step.service_up,
                                           step.served_fraction});
}

void TimelineRecorder::describe(const TraceStep& step) {
  const Event& e = step.event;
  switch (e.kind) {
    case EventKind::FAIL: {
      const auto v = static_cast<std::uint32_t>(topology_.processes()[e.target].vertex);
      add(step, "failure", vertex_name(v),
          std::string(vertex_kind_name(topology_.graph()[v].kind)) + " fails; " +
              (std::isinf(step.repair_due)
                   ? std::string("queued for a repair crew")
                   : "repair takes " + format_duration(step.repair_due - e.time)));
      break;
    }
    case EventKind::REPAIR: {
      const auto v = static_cast<std::uint32_t>(topology_.processes()[e.target].vertex);
      add(step, "repair", vertex_name(v), "back in service");
      break;
    }
    case EventKind::DETECTED:
    case EventKind::PROMOTED:
    case EventKind::RECONSIDER:
    case EventKind::FAILBACK_START:
    case EventKind::FAILBACK_DONE:
      describe_failover(step);
      break;
    case EventKind::THREAT:
    case EventKind::THREAT_DETECTED:
      describe_threat(step);
      break;
    case EventKind::RESTORED: {
      const std::uint32_t d = e.target - step.backups->threat_count();
      add(step, "restored", topology_.scenario().data.datasets[d].name, "data restored, serving");
      break;
    }
  }
  add_incident_ends(step);
  add_restores(step);
}

// What the group went on to do, from its phase after the event; incidents the event ended are
// added by add_incident_ends.
void TimelineRecorder::describe_failover(const TraceStep& step) {
  const std::uint32_t g = step.event.target;
  const FailoverController& f = *step.failover;
  const std::string& group = topology_.scenario().failover_groups[g].name;
  const FailoverController::Phase phase = f.phase(g);
  const std::string next = phase == FailoverController::Phase::PROMOTING
                               ? "promoting " + member_name(g, f.target_member(g)) +
                                     (f.manual(g) ? " (manual steps)" : " (automatic)")
                           : phase == FailoverController::Phase::WAITING
                               ? std::string("no standby up: waiting for a member to return")
                           : phase == FailoverController::Phase::RESPONDING
                               ? std::string("manual failover: the on-call engineer responds")
                               : std::string();
  switch (step.event.kind) {
    case EventKind::DETECTED:
      add(step, "detected", group,
          "failure of " + member_name(g, f.active_member(g)) + " detected; " + next);
      break;
    case EventKind::PROMOTED:
      if (step.ended.empty())
        add(step, "promotion_failed", group, "the standby failed while promoted; " + next);
      break;
    case EventKind::RECONSIDER:
      if (step.ended.empty()) add(step, "failover_step", group, next);
      break;
    case EventKind::FAILBACK_START:
      if (phase == FailoverController::Phase::FAILING_BACK)
        add(step, "failback_started", group,
            "planned switch back to " + member_name(g, 0) + " (the group does not serve)");
      break;
    case EventKind::FAILBACK_DONE:
      add(step, "failback_done", group, member_name(g, f.active_member(g)) + " serves again");
      break;
    default:
      break;
  }
}

void TimelineRecorder::describe_threat(const TraceStep& step) {
  const std::uint32_t t = step.event.target;
  const std::uint32_t d = step.backups->threat_dataset(t);
  const std::string& dataset = topology_.scenario().data.datasets[d].name;
  const std::string kind = to_string(threats_[t]->kind);
  if (step.event.kind == EventKind::THREAT_DETECTED) {
    add(step, "corruption_detected", dataset, kind + " noticed; restore from backup");
    return;
  }
  if (step.backups->threat(d) == static_cast<std::int32_t>(t))
    add(step, "corruption", dataset, kind + " strikes: bad writes, not noticed yet");
  else
    add(step, "corruption_absorbed", dataset,
        kind + " strikes during an incident in progress: absorbed by it");
}

void TimelineRecorder::add_incident_ends(const TraceStep& step) {
  for (const FailoverRecord& r : step.ended) {
    const auto g = static_cast<std::uint32_t>(r.group);
    const std::string& group = topology_.scenario().failover_groups[g].name;
    const std::string serving = member_name(g, step.failover->active_member(g));
    if (r.promoted)
      add(step, "promoted", group,
          serving + " promoted" + (r.manual ? " by hand" : "") + "; the group serves again");
    else if (r.stood_down)
      add(step, "stood_down", group,
          serving + " back during the manual response: stood down, no failover");
    else
      add(step, "resumed", group, serving + " back before any promotion: no failover");
    timeline_.events.back().rto_s = r.rto_s;
    timeline_.events.back().rpo_s = r.rpo_s;
  }
}

void TimelineRecorder::add_restores(const TraceStep& step) {
  const auto& data = topology_.scenario().data;
  for (const RestoreRecord& r : step.restores) {
    const std::string& dataset = data.datasets[static_cast<std::size_t>(r.dataset)].name;
    std::string detail = std::string("after ") + to_string(r.kind) + ": ";
    if (r.recovered)
      detail += "from backup '" + data.backups[static_cast<std::size_t>(r.policy)].name +
                "', recovery point " + format_duration(std::max(0.0, r.recovery_point)) +
                " into the period" + (r.point_in_time ? " (point in time)" : "");
    else
      detail += "no usable recovery point: rebuilt empty, every write lost";
    if (r.failed_attempts > 0)
      detail += "; " + std::to_string(r.failed_attempts) + " failed restore attempt" +
                (r.failed_attempts > 1 ? "s" : "");
    add(step, "restore_started", dataset, detail);
    timeline_.events.back().rto_s = r.rto_s;
    timeline_.events.back().rpo_s = r.recovered ? r.rpo_s : -1.0;
  }
}

void TimelineRecorder::track_outage(const TraceStep& step) {
  if (service_up_ == step.service_up) return;
  service_up_ = step.service_up;
  const double now = step.event.time;
  if (!step.service_up) {
    const std::string element = timeline_.events.empty() || timeline_.events.back().time != now
                                    ? std::string()
                                    : timeline_.events.back().element;
    timeline_.outages.push_back(
        TimelineOutage{now, now, step.event.kind == EventKind::FAILBACK_START, false, element});
    return;
  }
  timeline_.outages.back().end = now;
  // A zero-length interruption is no outage at all, as the simulation counts them.
  if (timeline_.outages.back().end <= timeline_.outages.back().start) timeline_.outages.pop_back();
}

std::string TimelineRecorder::row_state(const Row& row, const TraceStep& step) const {
  if (row.dataset) {
    switch (step.backups->phase(row.index)) {
      case BackupController::Phase::IDLE:
        return "up";
      case BackupController::Phase::EXPOSED:
        return "corrupted";
      case BackupController::Phase::RESTORING:
        return "restoring";
    }
  }
  if (row.kind == VertexKind::FAILOVER) {
    const auto phase = step.failover->phase(row.index);
    if (phase != FailoverController::Phase::SERVING) return phase_name(phase);
    return up_[step.failover->vertex(row.index)] ? "up" : "down";
  }
  if (!up_[row.index]) return "down";
  for (const Vertex m : members_[row.index])
    if (!up_[m]) return "degraded";
  return "up";
}

void TimelineRecorder::update_rows(const TraceStep& step) {
  const double now = step.event.time;
  auto set = [now](TimelineRow& row, const std::string& state) {
    if (row.spans.back().state == state) return;
    row.spans.back().end = now;
    if (row.spans.back().end <= row.spans.back().start) row.spans.pop_back();
    if (!row.spans.empty() && row.spans.back().state == state) return;  // an instant's change
    row.spans.push_back(StateSpan{now, now, state});
  };
  set(timeline_.rows.front(), !step.service_up             ? "down"
                              : step.served_fraction < 1.0 ? "degraded"
                                                           : "up");
  for (std::size_t r = 0; r < rows_.size(); ++r)
    set(timeline_.rows[r + 1], row_state(rows_[r], step));
}

void TimelineRecorder::trial_finished(const TrialOutcome& outcome, double end_time) {
  timeline_.outcome = outcome;
  timeline_.end_s = end_time;
  if (!service_up_) {
    timeline_.outages.back().end = end_time;
    timeline_.outages.back().unfinished = true;
  }
  for (auto& row : timeline_.rows) row.spans.back().end = end_time;
  // Elements that stayed up all along say nothing in a timeline; the service always stays.
  const auto steady = std::remove_if(
      timeline_.rows.begin() + 1, timeline_.rows.end(),
      [](const TimelineRow& row) { return row.spans.size() == 1 && row.spans[0].state == "up"; });
  timeline_.steady_rows = static_cast<std::size_t>(timeline_.rows.end() - steady);
  timeline_.rows.erase(steady, timeline_.rows.end());
}

}  // namespace resim
