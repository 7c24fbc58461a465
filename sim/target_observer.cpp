#include "sim/target_observer.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "models/scenario_error.h"

namespace resim {

namespace {

std::uint32_t element_vertex(const Topology& topology, const std::string& name) {
  const auto& graph = topology.graph();
  for (auto v : boost::make_iterator_range(boost::vertices(graph))) {
    const VertexKind kind = graph[v].kind;
    if (graph[v].name == name && (kind == VertexKind::COMPONENT || kind == VertexKind::GROUP ||
                                  kind == VertexKind::FAILOVER))
      return static_cast<std::uint32_t>(v);
  }
  return static_cast<std::uint32_t>(topology.root());  // only the service is left unchecked
}

// The failover groups whose promotions an element's rpo counts: an iterative walk up the
// in-edges. Sorted, so that results never depend on the walk's order.
std::vector<std::int32_t> feeding_groups(const Topology& topology, std::uint32_t vertex) {
  const auto& graph = topology.graph();
  // A failover group's own promotions decide its rpo: groups nested inside its members (an
  // in-region database pair inside a region member) lose their own data, judged on them.
  if (graph[vertex].failover >= 0) return {graph[vertex].failover};
  std::vector<std::uint8_t> seen(boost::num_vertices(graph), 0);
  std::vector<std::uint32_t> stack{vertex};
  std::vector<std::int32_t> groups;
  seen[vertex] = 1;
  while (!stack.empty()) {
    const std::uint32_t v = stack.back();
    stack.pop_back();
    if (graph[v].failover >= 0) groups.push_back(graph[v].failover);
    for (auto e : boost::make_iterator_range(boost::in_edges(v, graph))) {
      const auto u = static_cast<std::uint32_t>(boost::source(e, graph));
      if (!seen[u]) {
        seen[u] = 1;
        stack.push_back(u);
      }
    }
  }
  std::sort(groups.begin(), groups.end());
  return groups;
}

// A period meets a quantile target when at least that share of its incidents (outages that
// started in it; promotions made in it) is within the target; a period without any meets it.
template <typename Incidents>
void judge_quantile(double value, double quantile, std::int64_t periods, std::int64_t* events,
                    std::int64_t* within, const Incidents& incidents, TargetTally& tally) {
  std::fill_n(events, periods, 0);
  std::fill_n(within, periods, 0);
  // A size of infinity (data lost for good) is beyond any target and has no place in the
  // histogram of sizes.
  incidents([&](std::int64_t k, double size) {
    ++events[k];
    ++tally.observed;
    if (std::isfinite(size)) tally.values.add(size);
    if (size <= value) {
      ++within[k];
      ++tally.within;
    }
  });
  for (std::int64_t k = 0; k < periods; ++k)
    tally.periods_met += events[k] == 0 || static_cast<double>(within[k]) >=
                                               quantile * static_cast<double>(events[k])
                             ? 1
                             : 0;
  tally.periods += periods;
}

}  // namespace

void TargetTally::merge(const TargetTally& later) {
  periods += later.periods;
  periods_met += later.periods_met;
  observed += later.observed;
  within += later.within;
  values.merge(later.values);
}

void TargetTally::clear() {
  periods = periods_met = observed = within = 0;
  values.clear();
}

std::vector<ResolvedTarget> resolve_targets(const Topology& topology) {
  std::vector<ResolvedTarget> resolved;
  for (const auto& set : topology.scenario().target_sets)
    for (const auto& target : set.targets) {
      const bool dataset = target.dataset >= 0;
      ResolvedTarget r{&target,
                       &set,
                       dataset ? static_cast<std::uint32_t>(topology.dataset_vertex(
                                     static_cast<std::size_t>(target.dataset)))
                               : element_vertex(topology, target.on),
                       {}};
      if (target.kind == TargetKind::RPO && !dataset) {
        r.groups = feeding_groups(topology, r.vertex);
        if (r.groups.empty())
          throw ScenarioError(topology.scenario().file, target.where + "/rpo",
                              "'" + target.on +
                                  "' depends on no failover group, so no promotion can lose "
                                  "data: set the rpo target on a failover group, or remove it");
      }
      resolved.push_back(std::move(r));
    }
  return resolved;
}

TargetObserver::TargetObserver(const Topology& topology, double horizon_s)
    : targets_(resolve_targets(topology)),
      slot_(boost::num_vertices(topology.graph()), -1),
      horizon_s_(horizon_s) {
  std::int64_t periods = 1;
  for (const auto& t : targets_) {
    // A dataset's targets judge its restores, not the up and down of a vertex.
    if (t.target->dataset < 0 && slot_[t.vertex] < 0) {
      slot_[t.vertex] = static_cast<std::int32_t>(watched_.size());
      watched_.emplace_back();
    }
    target_slot_.push_back(t.target->dataset < 0 ? slot_[t.vertex] : -1);
    periods = std::max(periods, period_count(period_seconds(t.set->period)));
  }
  period_events_.resize(static_cast<std::size_t>(periods));
  period_within_.resize(static_cast<std::size_t>(periods));
  period_down_.resize(static_cast<std::size_t>(periods));
}

std::vector<TargetTally> empty_tallies(const std::vector<ResolvedTarget>& targets) {
  std::vector<TargetTally> tallies;
  for (const auto& t : targets) {
    TargetTally tally;
    if (t.target->kind == TargetKind::RTO || t.target->kind == TargetKind::RPO)
      tally.values = Histogram({t.target->value});
    tallies.push_back(std::move(tally));
  }
  return tallies;
}

void TargetObserver::initialize_trial() {
  for (auto& w : watched_) {
    w.down = false;
    w.outages.clear();
  }
}

void TargetObserver::flipped(std::int32_t slot, bool up, double now, bool planned) {
  Watched& w = watched_[static_cast<std::size_t>(slot)];
  if (!up) {
    w.down = true;
    w.planned = planned;
    w.start = now;
    return;
  }
  w.down = false;
  // A zero-length interruption (a failback that takes no time) is no outage at all.
  if (now > w.start) w.outages.push_back(Outage{w.start, now, w.planned});
}

std::int64_t TargetObserver::period_count(double period_s) const {
  // A horizon within a part per billion of whole periods is that many, not one more sliver.
  return std::max<std::int64_t>(1,
                                static_cast<std::int64_t>(std::ceil(horizon_s_ / period_s - 1e-9)));
}

std::int64_t TargetObserver::period_of(double t, double period_s) const {
  return std::min(static_cast<std::int64_t>(t / period_s), period_count(period_s) - 1);
}

void TargetObserver::finalize_trial(const std::vector<FailoverRecord>& failovers,
                                    const std::vector<RestoreRecord>& restores, double now,
                                    std::vector<TargetTally>& tallies) {
  // Outages still open when the trial stopped are measured until then.
  for (auto& w : watched_)
    if (w.down && now > w.start) w.outages.push_back(Outage{w.start, now, w.planned});
  for (std::size_t i = 0; i < targets_.size(); ++i) {
    if (targets_[i].target->dataset >= 0) {
      if (targets_[i].target->kind == TargetKind::UNRECOVERABLE)
        judge_unrecoverable(targets_[i], restores, tallies[i]);
      else
        judge_dataset(targets_[i], restores, tallies[i]);
      continue;
    }
    const Watched& w = watched_[static_cast<std::size_t>(target_slot_[i])];
    switch (targets_[i].target->kind) {
      case TargetKind::AVAILABILITY:
        judge_availability(targets_[i], w, tallies[i]);
        break;
      case TargetKind::RTO:
        judge_rto(targets_[i], w, tallies[i]);
        break;
      case TargetKind::RPO:
        judge_rpo(targets_[i], failovers, tallies[i]);
        break;
      case TargetKind::UNRECOVERABLE:
        break;  // the parser allows it on datasets only
    }
  }
}

// A period meets an availability target when its downtime (clipped to the period, planned
// downtime left out where the target excludes it) is within (1 - A) of its length.
void TargetObserver::judge_availability(const ResolvedTarget& t, const Watched& w,
                                        TargetTally& tally) {
  const double period_s = period_seconds(t.set->period);
  const std::int64_t periods = period_count(period_s);
  double* down = period_down_.data();
  std::fill_n(down, periods, 0.0);
  double total = 0.0;
  for (const auto& o : w.outages) {
    if (o.planned && t.target->exclude_planned) continue;
    const double start = std::min(o.start, horizon_s_), end = std::min(o.end, horizon_s_);
    if (end <= start) continue;
    ++tally.observed;
    total += end - start;
    for (std::int64_t k = period_of(start, period_s); k < periods && k * period_s < end; ++k)
      down[k] += std::min(end, (k + 1) * period_s) - std::max(start, k * period_s);
  }
  for (std::int64_t k = 0; k < periods; ++k) {
    const double length = std::min(horizon_s_, (k + 1) * period_s) - k * period_s;
    tally.periods_met += down[k] <= (1.0 - t.target->value) * length ? 1 : 0;
  }
  tally.periods += periods;
  tally.values.add(total / horizon_s_);
}

void TargetObserver::judge_rto(const ResolvedTarget& t, const Watched& w, TargetTally& tally) {
  const double period_s = period_seconds(t.set->period);
  judge_quantile(
      t.target->value, t.target->quantile, period_count(period_s), period_events_.data(),
      period_within_.data(),
      [&](auto&& add) {
        for (const auto& o : w.outages)
          if (!o.planned && o.start < horizon_s_)
            add(period_of(o.start, period_s), o.end - o.start);
      },
      tally);
}

void TargetObserver::judge_rpo(const ResolvedTarget& t,
                               const std::vector<FailoverRecord>& failovers, TargetTally& tally) {
  const double period_s = period_seconds(t.set->period);
  judge_quantile(
      t.target->value, t.target->quantile, period_count(period_s), period_events_.data(),
      period_within_.data(),
      [&](auto&& add) {
        for (const auto& f : failovers)
          if (f.promoted && f.time < horizon_s_ &&
              std::binary_search(t.groups.begin(), t.groups.end(), f.group))
            add(period_of(f.time, period_s), f.rpo_s);
      },
      tally);
}

// rto and rpo on a dataset: over its restores that started in the horizon, in the period of the
// need. A restore that lost the data for good is beyond any rpo; its rto (until rebuilt empty)
// counts as measured.
void TargetObserver::judge_dataset(const ResolvedTarget& t,
                                   const std::vector<RestoreRecord>& restores, TargetTally& tally) {
  const double period_s = period_seconds(t.set->period);
  const bool rto = t.target->kind == TargetKind::RTO;
  judge_quantile(
      t.target->value, t.target->quantile, period_count(period_s), period_events_.data(),
      period_within_.data(),
      [&](auto&& add) {
        for (const auto& r : restores)
          if (r.dataset == t.target->dataset && r.time_s < horizon_s_)
            add(period_of(r.time_s, period_s), rto ? r.rto_s
                                             : r.recovered
                                                 ? r.rpo_s
                                                 : std::numeric_limits<double>::infinity());
      },
      tally);
}

// A period meets an unrecoverable target when none of the dataset's restores needed in it
// lost the data for good; the verdict is on the share of periods that did (sim/target_results).
void TargetObserver::judge_unrecoverable(const ResolvedTarget& t,
                                         const std::vector<RestoreRecord>& restores,
                                         TargetTally& tally) {
  const double period_s = period_seconds(t.set->period);
  const std::int64_t periods = period_count(period_s);
  std::int64_t* lost = period_events_.data();
  std::fill_n(lost, periods, 0);
  for (const auto& r : restores)
    if (r.dataset == t.target->dataset && r.time_s < horizon_s_ && !r.recovered) {
      ++lost[period_of(r.time_s, period_s)];
      ++tally.observed;
    }
  for (std::int64_t k = 0; k < periods; ++k) tally.periods_met += lost[k] == 0 ? 1 : 0;
  tally.periods += periods;
}

}  // namespace resim
