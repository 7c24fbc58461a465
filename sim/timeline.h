// One trial as a timeline (resim replay): every event with what it did and the service's state
// after it, the service's outages, and each element's states over time for a Gantt chart.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/topology.h"
#include "sim/trace.h"

namespace resim {

struct TimelineEvent {
  double time;
  std::string event;    // "failure", "repair", "detected", "promoted", "restore_started", ...
  std::string element;  // the instance, zone, region, failover group or dataset it concerns
  std::string row;      // the Gantt row it belongs to: an instance's component, else element
  std::string detail;   // what happened, in words
  bool service_up;      // the service right after the event
  double served_fraction;
  double rto_s = -1.0;  // the incident it ended or the restore it started; -1: none
  double rpo_s = -1.0;  // data lost, seconds of writes; -1: none
};

struct StateSpan {
  double start;
  double end;
  std::string state;  // up, degraded, down, detecting, promoting, corrupted, restoring, ...
};

// One row of the Gantt chart: the service, a failover group, a group, a component, a dataset,
// a zone or a region.
struct TimelineRow {
  std::string name;
  std::string kind;
  std::vector<StateSpan> spans;  // back to back, from 0 to the end of the trial
};

struct TimelineOutage {
  double start;
  double end;
  bool planned;         // a failback began it
  bool unfinished;      // still open when the simulation gave up
  std::string element;  // of the event that began it
};

struct Timeline {
  std::uint64_t trial = 0;
  double horizon_s = 0.0;
  double end_s = 0.0;  // the horizon, or later when an outage ran past it
  TrialOutcome outcome;
  std::vector<TimelineEvent> events;
  std::vector<TimelineOutage> outages;
  std::vector<TimelineRow> rows;  // the service first, then each element whose state changed
  std::size_t steady_rows = 0;    // elements that stayed up throughout, left out of `rows`

  // From the outages alone: downtime within the horizon (planned included) and the unplanned
  // outages, as TrialOutcome counts them.
  double downtime_s() const;
  std::uint32_t unplanned_outages() const;
};

class TimelineRecorder final : public TraceSink {
 public:
  TimelineRecorder(const Topology& topology, double horizon_s);

  void trial_started(std::uint64_t trial) override;
  void flipped(std::uint32_t vertex, bool up, double time) override;
  void handled(const TraceStep& step) override;
  void trial_finished(const TrialOutcome& outcome, double end_time) override;

  const Timeline& timeline() const { return timeline_; }

 private:
  struct Row {
    std::uint32_t index;  // a vertex, a failover group or a dataset, by kind
    VertexKind kind;
    bool dataset;
  };

  void describe(const TraceStep& step);
  void describe_failover(const TraceStep& step);
  void describe_threat(const TraceStep& step);
  void add(const TraceStep& step, std::string event, std::string element, std::string detail);
  void add_incident_ends(const TraceStep& step);
  void add_restores(const TraceStep& step);
  void track_outage(const TraceStep& step);
  std::string row_state(const Row& row, const TraceStep& step) const;
  void update_rows(const TraceStep& step);
  const std::string& vertex_name(std::uint32_t v) const;
  const std::string& member_name(std::uint32_t g, std::uint32_t m) const;

  const Topology& topology_;
  double horizon_s_;
  std::vector<Row> rows_;
  std::vector<std::vector<Vertex>> members_;  // per vertex: what it counts towards min_up
  std::vector<std::uint32_t> row_vertex_;     // per vertex: an instance's component, else itself
  std::vector<const Threat*> threats_;        // per threat slot of the backup controller
  std::vector<std::uint8_t> up_;              // per vertex, as the flips left it
  bool service_up_ = true;
  Timeline timeline_;
};

}  // namespace resim
