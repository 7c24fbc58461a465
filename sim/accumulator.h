// What trials produce, in memory that does not grow with the trial count: histograms of
// per-outage, per-incident and per-trial figures (sim/histogram.h), and sums. One accumulator
// gathers a chunk of consecutive trials; chunks merge in chunk order, so every figure comes out
// bit-identical on any number of threads.
#pragma once

#include <cstdint>
#include <vector>

#include "models/topology.h"
#include "sim/data_statistics.h"
#include "sim/failover.h"
#include "sim/histogram.h"
#include "sim/target_observer.h"

namespace resim {

struct OutageRecord {
  double start_s;     // when the service was lost, from the start of the trial
  double duration_s;  // from loss of service to restoration, even past the horizon
  double downtime_s;  // the part within the horizon: what the trial's downtime counts
  std::int32_t cause;
  bool planned;  // a planned action (a failback) started it
};

struct TrialOutcome {
  double downtime_s = 0.0;        // within the horizon, planned downtime included
  std::uint32_t outages = 0;      // unplanned; a zero-length interruption is no outage
  double longest_outage_s = 0.0;  // unplanned
  double planned_downtime_s = 0.0;
  std::uint32_t planned_outages = 0;
  double served_s = 0.0;    // ∫ served fraction of demand dt, within the horizon (with demands)
  double degraded_s = 0.0;  // time up but short of capacity, within the horizon
  // The largest loss of data: writes lost at a promotion or discarded by a restore, in seconds
  // of writes; and whether a restore found nothing to recover from (everything lost).
  double data_loss_s = 0.0;
  bool data_lost_for_good = false;
};

// Per failover group.
struct FailoverAccumulator {
  Histogram rto;           // every incident
  Histogram rto_promoted;  // incidents a promotion ended
  Histogram rto_returned;  // incidents the failed member's return ended, with no promotion
  Histogram rpo;           // every promotion
  std::int64_t manual = 0;
  std::int64_t stood_down = 0;  // manual path called off: the member was back before the steps
};

struct ChunkAccumulator {
  // Empty: for trial loops that discard what they produce (benchmarks).
  ChunkAccumulator() = default;
  // Sized for the topology's causes, failover groups and targets (resolve_targets). `keep_logs`
  // also keeps every outage and incident in trial order (tests, exports): that part grows with the
  // trial count.
  ChunkAccumulator(const Topology& topology, bool keep_logs = false);

  void add_outage(const OutageRecord& outage);
  void add_failover(const FailoverRecord& record);
  void add_trial(const TrialOutcome& outcome, const std::vector<double>& cause_downtime_s);
  void merge(const ChunkAccumulator& later);
  void clear();
  std::size_t memory_bytes() const;  // excluding the logs

  Histogram outage_durations;              // unplanned outages: the RTO distribution
  std::vector<Histogram> cause_durations;  // per cause: outages it started
  std::vector<double> cause_downtime_s;
  std::vector<FailoverAccumulator> failovers;
  std::vector<TargetTally> targets;  // per resolved target, in scenario order

  // One value per trial.
  Histogram trial_downtime_s;
  Histogram trial_outages;
  Histogram trial_planned_downtime_s;
  Histogram trial_planned_outages;
  Histogram trial_unplanned_downtime_s;
  Histogram trial_served_s;
  Histogram trial_degraded_s;

  std::uint64_t events = 0;
  std::uint64_t unfinished_outages = 0;  // still open when the simulation gave up (see run())
  DataAccumulator data;                  // restores of datasets (sim/backups.h)

  bool keep_logs = false;
  std::vector<OutageRecord> outage_log;  // in trial order, then time order
  std::vector<FailoverRecord> failover_log;
};

}  // namespace resim
