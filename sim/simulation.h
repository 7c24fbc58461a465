// One trial: a discrete-event simulation of every failure process over the horizon, with the
// service state kept up to date incrementally.
#pragma once

#include <cstdint>
#include <vector>

#include "models/topology.h"
#include "sim/accumulator.h"
#include "sim/backups.h"
#include "sim/crews.h"
#include "sim/data_statistics.h"
#include "sim/event_queue.h"
#include "sim/failover.h"
#include "sim/random.h"
#include "sim/target_observer.h"
#include "sim/trace.h"

namespace resim {

// Thrown by TrialSimulator::run when a trial goes past its event limit. Of the events that
// followed, most belonged to `process` (a failure process) or, when it is -1, to failover group
// `failover_group`.
struct RunawayTrial {
  std::uint64_t trial;
  std::int64_t process;
  std::int64_t failover_group;
  double limit;
};

// What the last trial produced, record by record, for exports (sim/trial_export.h); valid until
// the next run().
struct TrialRecords {
  const TrialOutcome& outcome;
  const std::vector<OutageRecord>& outages;      // in time order
  const std::vector<FailoverRecord>& failovers;  // in the order they ended
  const std::vector<RestoreRecord>& restores;    // in time order
  const OutageRecord* unfinished;  // the outage still open when the simulation gave up, or null
};

class TrialSimulator {
 public:
  TrialSimulator(const Topology& topology, double horizon_s, std::uint64_t seed);

  TrialOutcome run(std::uint64_t trial, ChunkAccumulator& sink);
  // A backstop against time standing still (models/work_estimate.h); run() throws RunawayTrial
  // past it.
  void set_event_limit(double limit) { event_limit_ = static_cast<std::uint64_t>(limit); }
  TrialRecords last_trial() const {
    return {outcome_, trial_outages_, trial_failovers_, backups_.records(),
            unfinished_open_ ? &unfinished_ : nullptr};
  }
  // Every later run() tells `trace` what each event did (sim/trace.h); nullptr turns it off.
  void set_trace(TraceSink* trace) { trace_ = trace; }

 private:
  struct Demand {
    std::uint32_t vertex;
    const std::vector<double>* hourly;  // one value (constant) or 24
    std::int32_t failover;              // the failover group carrying it, or -1
    // Whose capacity up carries it (Topology::capacity_sources): one list, or for a failover
    // group one per member, of which only the serving member's counts.
    std::vector<std::vector<std::uint32_t>> sources;
  };

  void build_structure(const Topology& topology);
  void initialize_trial(std::uint64_t trial);
  double next_event_time() const;
  void process_top();
  bool process(const Event& event);  // false: a superseded event, nothing happened
  void traced_process(const Event& event);
  void find_data_loss();
  void step();
  [[noreturn]] void runaway(std::uint64_t trial);
  void finalize_trial(ChunkAccumulator& sink);

  void set_self_down(std::uint32_t vertex, bool down, std::int32_t cause);
  void refresh(std::uint32_t vertex, std::int32_t cause);
  double start_repair(std::uint32_t process);  // when it ends; infinity while queued for a crew
  void repair_finished(std::uint32_t process);
  bool evaluate(std::uint32_t vertex) const;
  void propagate_from(std::uint32_t vertex);
  void flip(std::uint32_t vertex);
  void apply_data_holds();
  void service_went_down(std::int32_t cause);
  void service_came_up();
  void accumulate_service(double until);
  double served_fraction(double t) const;
  double capacity_up(const Demand& demand, double t) const;
  double next_capacity_change(double t) const;

  // Structure, fixed for the run: out-edges in compressed sparse row form.
  std::vector<std::uint32_t> edge_begin_;
  std::vector<std::uint32_t> edge_target_;
  std::vector<EdgeKind> edge_kind_;
  std::vector<std::int32_t> min_up_;
  std::vector<std::int32_t> initial_members_up_;
  std::vector<std::uint32_t> process_vertex_;
  std::vector<std::int32_t> process_cause_;
  std::vector<std::int32_t> process_crew_;
  std::vector<std::int32_t> vertex_failover_;  // failover group of a FAILOVER vertex, else -1
  std::vector<double> capacity_;               // of each instance
  std::vector<double> initial_capacity_up_;
  std::vector<Demand> demands_;
  std::vector<std::uint64_t> process_key_;
  std::vector<const Distribution*> ttf_;
  std::vector<const Distribution*> ttr_;
  std::uint32_t root_ = 0;
  double horizon_s_;
  double give_up_s_;
  std::uint64_t seed_;

  // State of the current trial; sized once, reset in place.
  std::vector<std::uint8_t> self_down_;
  std::vector<std::int32_t> required_down_;
  std::vector<std::int32_t> members_up_;
  std::vector<std::uint8_t> up_;
  std::vector<double> capacity_up_;  // components: capacity of the instances that are up
  double served_until_ = 0.0;        // accumulate_service() has integrated up to here
  std::vector<RandomStream> failure_stream_;
  std::vector<RandomStream> repair_stream_;
  std::vector<std::uint32_t> pending_;  // vertices whose inputs changed, awaiting re-evaluation
  EventQueue queue_;
  RepairCrews crews_;
  FailoverController failover_;
  TargetObserver observer_;
  bool planned_event_ = false;  // the event being processed is a planned action
  BackupController backups_;
  const std::vector<Dataset>* datasets_;
  std::vector<OutageRecord> trial_outages_;  // capacity kept across trials
  std::vector<FailoverRecord> trial_failovers_;
  std::vector<double> trial_cause_downtime_;
  OutageRecord unfinished_{};  // the outage open when the trial gave up, when unfinished_open_
  bool unfinished_open_ = false;
  TrialOutcome outcome_;
  double now_ = 0.0;
  double outage_start_ = 0.0;
  std::int32_t outage_cause_ = -1;
  bool outage_planned_ = false;
  std::uint64_t events_ = 0;
  std::uint64_t event_limit_ = UINT64_MAX;
  std::uint64_t trial_ = 0;
  double repair_due_ = 0.0;     // of the last FAIL event
  TraceSink* trace_ = nullptr;  // resim replay's; null in every other run
};

}  // namespace resim
