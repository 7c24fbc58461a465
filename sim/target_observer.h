// Watches the elements that targets are set on and judges every target per SLA period of each
// trial. It sits beside the failover controller: the event loop only tells it when a watched
// element goes down or comes back.
#pragma once

#include <cstdint>
#include <vector>

#include "models/topology.h"
#include "sim/backups.h"
#include "sim/failover.h"
#include "sim/histogram.h"

namespace resim {

// What the trials of a chunk say about one target; chunks merge in chunk order.
struct TargetTally {
  std::int64_t periods = 0;      // SLA periods judged
  std::int64_t periods_met = 0;  // ... that met the target
  // availability, rto: the element's outages; rpo: promotions; on a dataset: its restores
  // (unrecoverable: those that lost the data for good)
  std::int64_t observed = 0;
  std::int64_t within = 0;  // rto, rpo: those within the target
  // availability: the element's unavailability per trial; rto: unplanned outage durations;
  // rpo: data lost per promotion (seconds of writes); on a dataset: rto and rpo per restore, a
  // loss for good left out of rpo (it counts as beyond the target). rto and rpo count the
  // target exactly.
  Histogram values;

  void merge(const TargetTally& later);
  void clear();  // back to empty, keeping the histogram's limit
};

// One judged target, resolved against the topology.
struct ResolvedTarget {
  const Target* target;
  const TargetSet* set;
  std::uint32_t vertex;              // the element; a dataset's: the vertex its restores hold
  std::vector<std::int32_t> groups;  // rpo: the failover groups whose promotions count
};

// Every target of every set in scenario order; throws ScenarioError for an rpo target on an
// element that no failover group feeds.
std::vector<ResolvedTarget> resolve_targets(const Topology& topology);

// Empty tallies, one per target, whose histograms count each rto and rpo limit exactly.
std::vector<TargetTally> empty_tallies(const std::vector<ResolvedTarget>& targets);

class TargetObserver {
 public:
  TargetObserver(const Topology& topology, double horizon_s);

  std::size_t target_count() const { return targets_.size(); }
  // -1 when no target watches the vertex.
  std::int32_t slot(std::uint32_t vertex) const { return slot_[vertex]; }
  const std::vector<std::int32_t>& slots() const { return slot_; }

  void initialize_trial();
  // A watched element went down or came back at `now`; `planned`: a planned action (a
  // failback) took it down.
  void flipped(std::int32_t slot, bool up, double now, bool planned);
  // Judges every target on this trial and adds the outcome to `tallies` (one per target).
  // `restores`: the trial's dataset incidents (sim/backups.h), which dataset targets judge.
  void finalize_trial(const std::vector<FailoverRecord>& failovers,
                      const std::vector<RestoreRecord>& restores, double now,
                      std::vector<TargetTally>& tallies);

 private:
  struct Outage {
    double start;
    double end;
    bool planned;
  };
  struct Watched {
    bool down = false;
    bool planned = false;
    double start = 0.0;
    std::vector<Outage> outages;  // this trial's, capacity kept across trials
  };

  void judge_availability(const ResolvedTarget& t, const Watched& w, TargetTally& tally);
  void judge_rto(const ResolvedTarget& t, const Watched& w, TargetTally& tally);
  void judge_rpo(const ResolvedTarget& t, const std::vector<FailoverRecord>& failovers,
                 TargetTally& tally);
  void judge_dataset(const ResolvedTarget& t, const std::vector<RestoreRecord>& restores,
                     TargetTally& tally);
  void judge_unrecoverable(const ResolvedTarget& t, const std::vector<RestoreRecord>& restores,
                           TargetTally& tally);
  // Period index of time t, and the length of period k.
  std::int64_t period_of(double t, double period_s) const;
  std::int64_t period_count(double period_s) const;

  std::vector<ResolvedTarget> targets_;
  std::vector<std::int32_t> target_slot_;  // per target, its element's slot; -1 on a dataset
  std::vector<std::int32_t> slot_;         // per vertex
  std::vector<Watched> watched_;           // per slot
  std::vector<std::int64_t> period_events_, period_within_;  // scratch, per period
  std::vector<double> period_down_;                          // scratch, per period
  double horizon_s_;
};

}  // namespace resim
