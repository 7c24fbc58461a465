#include "sim/chunk_codec.h"

#include <stdexcept>

namespace resim {

namespace {

// The histograms of an accumulator, in one fixed order for saving and loading alike.
template <typename Accumulator, typename Visit>
void for_each_histogram(Accumulator& a, Visit visit) {
  visit(a.outage_durations);
  for (auto& h : a.cause_durations) visit(h);
  for (auto& f : a.failovers)
    for (auto* h : {&f.rto, &f.rto_promoted, &f.rto_returned, &f.rpo}) visit(*h);
  for (auto& t : a.targets) visit(t.values);
  for (auto* h : {&a.trial_downtime_s, &a.trial_outages, &a.trial_planned_downtime_s,
                  &a.trial_planned_outages, &a.trial_unplanned_downtime_s, &a.trial_served_s,
                  &a.trial_degraded_s})
    visit(*h);
}

template <typename Statistics, typename Visit>
void for_each_dataset_histogram(Statistics& s, Visit visit) {
  for (auto& k : s.kinds)
    for (auto* h : {&k.rto, &k.rpo}) visit(*h);
  for (auto* h : {&s.rto, &s.rpo, &s.exposure}) visit(*h);
}

void check_shape(bool same) {
  if (!same)
    throw std::runtime_error("the processes of a distributed run disagree on the scenario");
}

}  // namespace

void save_accumulator(const ChunkAccumulator& chunk, ByteWriter& out) {
  out.put(static_cast<std::uint64_t>(chunk.cause_durations.size()));
  out.put(static_cast<std::uint64_t>(chunk.failovers.size()));
  out.put(static_cast<std::uint64_t>(chunk.targets.size()));
  for_each_histogram(chunk, [&](const Histogram& h) { h.save(out); });
  out.put_vector(chunk.cause_downtime_s);
  for (const auto& f : chunk.failovers) {
    out.put(f.manual);
    out.put(f.stood_down);
  }
  for (const auto& t : chunk.targets)
    for (const std::int64_t v : {t.periods, t.periods_met, t.observed, t.within}) out.put(v);
  out.put(chunk.events);
  out.put(chunk.unfinished_outages);
  out.put(static_cast<std::uint64_t>(chunk.data.datasets.size()));
  for (const auto& s : chunk.data.datasets) {
    for_each_dataset_histogram(s, [&](const Histogram& h) { h.save(out); });
    for (const auto& k : s.kinds)
      for (const std::int64_t v :
           {k.incidents, k.unrecoverable, k.failed_restores, k.point_in_time})
        out.put(v);
    out.put(s.trials_unrecoverable);
  }
  out.put(chunk.keep_logs);
  out.put_vector(chunk.outage_log);
  out.put_vector(chunk.failover_log);
}

void load_accumulator(ByteReader& in, const Topology& topology, ChunkAccumulator& into) {
  check_shape(in.get<std::uint64_t>() == into.cause_durations.size());
  check_shape(in.get<std::uint64_t>() == into.failovers.size());
  check_shape(in.get<std::uint64_t>() == into.targets.size());
  for_each_histogram(into, [&](Histogram& h) { h.load(in); });
  in.get_vector(into.cause_downtime_s);
  for (auto& f : into.failovers) {
    f.manual = in.get<std::int64_t>();
    f.stood_down = in.get<std::int64_t>();
  }
  for (auto& t : into.targets)
    for (std::int64_t* v : {&t.periods, &t.periods_met, &t.observed, &t.within})
      *v = in.get<std::int64_t>();
  into.events = in.get<std::uint64_t>();
  into.unfinished_outages = in.get<std::uint64_t>();
  const auto datasets = static_cast<std::size_t>(in.get<std::uint64_t>());
  const auto& configs = topology.scenario().data.datasets;
  check_shape(datasets == 0 || datasets == configs.size());
  into.data.datasets.clear();
  for (std::size_t d = 0; d < datasets; ++d) {
    DatasetStatistics& s = into.data.datasets.emplace_back(configs[d]);
    for_each_dataset_histogram(s, [&](Histogram& h) { h.load(in); });
    for (auto& k : s.kinds)
      for (std::int64_t* v : {&k.incidents, &k.unrecoverable, &k.failed_restores, &k.point_in_time})
        *v = in.get<std::int64_t>();
    s.trials_unrecoverable = in.get<std::int64_t>();
  }
  into.keep_logs = in.get<bool>();
  in.get_vector(into.outage_log);
  in.get_vector(into.failover_log);
}

}  // namespace resim
