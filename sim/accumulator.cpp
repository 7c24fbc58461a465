#include "sim/accumulator.h"

#include <algorithm>

namespace resim {

ChunkAccumulator::ChunkAccumulator(const Topology& topology, bool keep_logs)
    : keep_logs(keep_logs) {
  cause_durations.resize(topology.causes().size());
  cause_downtime_s.resize(topology.causes().size(), 0.0);
  failovers.resize(topology.scenario().failover_groups.size());
  targets = empty_tallies(resolve_targets(topology));
}

void ChunkAccumulator::add_outage(const OutageRecord& outage) {
  if (!outage.planned) outage_durations.add(outage.duration_s);
  cause_durations[static_cast<std::size_t>(outage.cause)].add(outage.duration_s);
  if (keep_logs) outage_log.push_back(outage);
}

void ChunkAccumulator::add_failover(const FailoverRecord& record) {
  FailoverAccumulator& group = failovers[static_cast<std::size_t>(record.group)];
  group.rto.add(record.rto_s);
  if (record.promoted) {
    group.rpo.add(record.rpo_s);
    group.manual += record.manual ? 1 : 0;
    group.rto_promoted.add(record.rto_s);
  } else {
    group.rto_returned.add(record.rto_s);
  }
  group.stood_down += record.stood_down ? 1 : 0;
  if (keep_logs) failover_log.push_back(record);
}

void ChunkAccumulator::add_trial(const TrialOutcome& outcome,
                                 const std::vector<double>& trial_cause_downtime_s) {
  trial_downtime_s.add(outcome.downtime_s);
  trial_outages.add(static_cast<double>(outcome.outages));
  trial_planned_downtime_s.add(outcome.planned_downtime_s);
  trial_planned_outages.add(static_cast<double>(outcome.planned_outages));
  trial_unplanned_downtime_s.add(outcome.downtime_s - outcome.planned_downtime_s);
  trial_served_s.add(outcome.served_s);
  trial_degraded_s.add(outcome.degraded_s);
  for (std::size_t c = 0; c < trial_cause_downtime_s.size(); ++c)
    cause_downtime_s[c] += trial_cause_downtime_s[c];
}

void ChunkAccumulator::merge(const ChunkAccumulator& later) {
  outage_durations.merge(later.outage_durations);
  for (std::size_t c = 0; c < cause_durations.size(); ++c) {
    cause_durations[c].merge(later.cause_durations[c]);
    cause_downtime_s[c] += later.cause_downtime_s[c];
  }
  for (std::size_t g = 0; g < failovers.size(); ++g) {
    failovers[g].rto.merge(later.failovers[g].rto);
    failovers[g].rto_promoted.merge(later.failovers[g].rto_promoted);
    failovers[g].rto_returned.merge(later.failovers[g].rto_returned);
    failovers[g].rpo.merge(later.failovers[g].rpo);
    failovers[g].manual += later.failovers[g].manual;
    failovers[g].stood_down += later.failovers[g].stood_down;
  }
  for (std::size_t i = 0; i < targets.size(); ++i) targets[i].merge(later.targets[i]);
  trial_downtime_s.merge(later.trial_downtime_s);
  trial_outages.merge(later.trial_outages);
  trial_planned_downtime_s.merge(later.trial_planned_downtime_s);
  trial_planned_outages.merge(later.trial_planned_outages);
  trial_unplanned_downtime_s.merge(later.trial_unplanned_downtime_s);
  trial_served_s.merge(later.trial_served_s);
  trial_degraded_s.merge(later.trial_degraded_s);
  events += later.events;
  unfinished_outages += later.unfinished_outages;
  data.merge(later.data);
  outage_log.insert(outage_log.end(), later.outage_log.begin(), later.outage_log.end());
  failover_log.insert(failover_log.end(), later.failover_log.begin(), later.failover_log.end());
}

void ChunkAccumulator::clear() {
  outage_durations.clear();
  for (auto& h : cause_durations) h.clear();
  std::fill(cause_downtime_s.begin(), cause_downtime_s.end(), 0.0);
  for (auto& f : failovers) {
    f.rto.clear();
    f.rto_promoted.clear();
    f.rto_returned.clear();
    f.rpo.clear();
    f.manual = 0;
    f.stood_down = 0;
  }
  for (auto& t : targets) t.clear();
  for (Histogram* h :
       {&trial_downtime_s, &trial_outages, &trial_planned_downtime_s, &trial_planned_outages,
        &trial_unplanned_downtime_s, &trial_served_s, &trial_degraded_s})
    h->clear();
  events = unfinished_outages = 0;
  data.datasets.clear();
  outage_log.clear();
  failover_log.clear();
}

std::size_t ChunkAccumulator::memory_bytes() const {
  // Each histogram's own bytes, less the object already counted in this one or its vector.
  const auto heap = [](const Histogram& h) { return h.memory_bytes() - sizeof(Histogram); };
  std::size_t bytes =
      sizeof(*this) + heap(outage_durations) + cause_downtime_s.capacity() * sizeof(double) +
      cause_durations.capacity() * sizeof(Histogram) +
      failovers.capacity() * sizeof(FailoverAccumulator) + targets.capacity() * sizeof(TargetTally);
  for (const auto& t : targets) bytes += heap(t.values);
  for (const auto& h : cause_durations) bytes += heap(h);
  for (const auto& f : failovers)
    bytes += heap(f.rto) + heap(f.rto_promoted) + heap(f.rto_returned) + heap(f.rpo);
  for (const Histogram* h :
       {&trial_downtime_s, &trial_outages, &trial_planned_downtime_s, &trial_planned_outages,
        &trial_unplanned_downtime_s, &trial_served_s, &trial_degraded_s})
    bytes += heap(*h);
  return bytes;
}

}  // namespace resim
