#include "sim/backups.h"

#include <algorithm>
#include <cmath>

#include "models/duration.h"

namespace resim {

namespace {

// Bounds the look-back of one policy at one moment of need; retention ends it long before for
// any schedule a planner writes (a job a minute kept 30 days is 43200 jobs).
constexpr std::int64_t MAX_SCAN = 1000000;
constexpr std::int64_t NO_BOUNDARY = std::numeric_limits<std::int64_t>::min();

std::uint64_t job_key(std::uint64_t policy_key, std::int64_t k) {
  return splitmix64_mix(policy_key ^ (static_cast<std::uint64_t>(k) * RandomStream::GOLDEN_GAMMA));
}

// The last job started at or before t.
std::int64_t last_job_at(const Schedule& schedule, double t) {
  return static_cast<std::int64_t>(std::floor((t - schedule.offset_s) / schedule.period_s));
}

DataIncidentKind threat_incident(ThreatKind kind) {
  switch (kind) {
    case ThreatKind::CORRUPTION:
      return DataIncidentKind::CORRUPTION;
    case ThreatKind::RANSOMWARE:
      return DataIncidentKind::RANSOMWARE;
    case ThreatKind::OPERATOR_ERROR:
      return DataIncidentKind::OPERATOR_ERROR;
  }
  return DataIncidentKind::CORRUPTION;
}

}  // namespace

const char* to_string(DataIncidentKind kind) {
  switch (kind) {
    case DataIncidentKind::REPLICA_LOSS:
      return "replica_loss";
    case DataIncidentKind::DESTRUCTION:
      return "destruction";
    case DataIncidentKind::CORRUPTION:
      return "corruption";
    case DataIncidentKind::RANSOMWARE:
      return "ransomware";
    case DataIncidentKind::OPERATOR_ERROR:
      return "operator_error";
  }
  return "replica_loss";
}

BackupController::BackupController(const Topology& topology, std::uint64_t seed)
    : locations_(&topology.scenario().data.locations), seed_(seed) {
  const auto& data = topology.scenario().data;
  if (data.datasets.empty()) return;
  build_places(topology);
  for (std::size_t d = 0; d < data.datasets.size(); ++d) {
    Dataset dataset{&data.datasets[d],
                    static_cast<std::uint32_t>(topology.dataset_vertex(d)),
                    topology.dataset_cause(d),
                    0,
                    0,
                    {},
                    -1};
    build_replicas(topology, dataset);
    datasets_.push_back(std::move(dataset));
    for (const auto& threat : data.datasets[d].threats)
      threats_.push_back(ThreatRef{static_cast<std::uint32_t>(d), &threat,
                                   stable_key(data.datasets[d].name + "/" + to_string(threat.kind) +
                                              "#" + std::to_string(threats_.size()))});
  }
  build_policies(topology);

  const auto& processes = topology.processes();
  const auto& graph = topology.graph();
  std::vector<std::vector<std::uint32_t>> hosted(processes.size());
  for (std::uint32_t r = 0; r < replicas_.size(); ++r) {
    const int p = graph[replicas_[r].vertex].process;
    if (p >= 0) hosted[static_cast<std::size_t>(p)].push_back(r);
  }
  for (std::size_t p = 0; p < processes.size(); ++p) {
    const Vertex v = processes[p].vertex;
    process_place_.push_back(place_of_vertex_[v]);
    double destroy = 0.0;
    for (const auto& region : topology.scenario().regions) {
      if (region.name == graph[v].name) destroy = region.destroy_probability;
      for (const auto& zone : region.zones)
        if (zone.name == graph[v].name) destroy = zone.destroy_probability;
    }
    process_destroy_.push_back(destroy);
    process_replica_begin_.push_back(static_cast<std::uint32_t>(process_replicas_.size()));
    process_replicas_.insert(process_replicas_.end(), hosted[p].begin(), hosted[p].end());
    process_key_.push_back(processes[p].key);
  }
  process_replica_begin_.push_back(static_cast<std::uint32_t>(process_replicas_.size()));

  state_.resize(datasets_.size());
  lost_.resize(replicas_.size());
  destroyed_at_.resize(places_.size());
  back_at_.resize(places_.size());
  location_state_.resize(locations_->size());
  threat_stream_.resize(threats_.size());
  detection_stream_.resize(threats_.size());
  restore_stream_.resize(datasets_.size());
  restore_failure_stream_.resize(datasets_.size());
  archive_stream_.resize(datasets_.size());
  destruction_stream_.resize(processes.size());
  storage_stream_.resize(processes.size());
  scans_.resize(policies_.size());
  changed_.reserve(datasets_.size());
  records_.reserve(64);
}

void BackupController::build_places(const Topology& topology) {
  const auto& graph = topology.graph();
  place_of_vertex_.assign(boost::num_vertices(graph), -1);
  for (auto v : boost::make_iterator_range(boost::vertices(graph))) {
    if (graph[v].kind != VertexKind::REGION && graph[v].kind != VertexKind::ZONE) continue;
    place_of_vertex_[v] = static_cast<std::int32_t>(places_.size());
    places_.push_back(Place{static_cast<std::int32_t>(v), -1});
  }
  zones_of_place_.resize(places_.size() + locations_->size());
  region_of_place_.assign(places_.size() + locations_->size(), -1);
  for (auto v : boost::make_iterator_range(boost::vertices(graph))) {
    if (graph[v].kind != VertexKind::REGION) continue;
    for (auto e : boost::make_iterator_range(boost::out_edges(v, graph)))
      if (graph[boost::target(e, graph)].kind == VertexKind::ZONE) {
        zones_of_place_[static_cast<std::size_t>(place_of_vertex_[v])].push_back(
            place_of_vertex_[boost::target(e, graph)]);
        region_of_place_[static_cast<std::size_t>(place_of_vertex_[boost::target(e, graph)])] =
            place_of_vertex_[v];
      }
  }
  for (std::size_t l = 0; l < locations_->size(); ++l)
    places_.push_back(Place{-1, static_cast<std::int32_t>(l)});
}

// The replicas are the instances under the dataset's vertex: a component's own, or those of a
// failover group's members (and of their members, for groups).
void BackupController::build_replicas(const Topology& topology, Dataset& dataset) {
  const auto& graph = topology.graph();
  dataset.first_replica = static_cast<std::uint32_t>(replicas_.size());
  std::vector<Vertex> stack{dataset.vertex};
  std::vector<Vertex> instances;
  while (!stack.empty()) {
    const Vertex v = stack.back();
    stack.pop_back();
    if (graph[v].kind == VertexKind::INSTANCE) {
      instances.push_back(v);
      continue;
    }
    for (auto e : boost::make_iterator_range(boost::in_edges(v, graph)))
      if (graph[e].kind == EdgeKind::MEMBER || graph[e].kind == EdgeKind::CANDIDATE)
        stack.push_back(boost::source(e, graph));
  }
  std::sort(instances.begin(), instances.end());
  instances.erase(std::unique(instances.begin(), instances.end()), instances.end());
  for (Vertex v : instances) {
    Replica replica{static_cast<std::uint32_t>(v), -1, -1};
    for (auto e : boost::make_iterator_range(boost::in_edges(v, graph))) {
      const Vertex zone = boost::source(e, graph);
      if (graph[zone].kind != VertexKind::ZONE) continue;
      replica.zone_place = place_of_vertex_[zone];
      for (auto r : boost::make_iterator_range(boost::in_edges(zone, graph)))
        if (graph[boost::source(r, graph)].kind == VertexKind::REGION)
          replica.region_place = place_of_vertex_[boost::source(r, graph)];
    }
    replicas_.push_back(replica);
  }
  dataset.replica_count = static_cast<std::uint32_t>(replicas_.size()) - dataset.first_replica;
}

void BackupController::build_policies(const Topology& topology) {
  const auto& data = topology.scenario().data;
  const auto& graph = topology.graph();
  auto place_index = [&](const std::string& name) {
    for (std::size_t p = 0; p < places_.size(); ++p) {
      const Place& place = places_[p];
      const std::string& place_name =
          place.vertex >= 0 ? graph[static_cast<Vertex>(place.vertex)].name
                            : (*locations_)[static_cast<std::size_t>(place.location)].name;
      if (place_name == name) return static_cast<std::int32_t>(p);
    }
    return std::int32_t{-1};  // unreachable: the parser checked every place
  };
  for (const auto& config : data.backups) {
    std::size_t d = 0;
    while (data.datasets[d].name != config.dataset) ++d;
    Policy policy{&config,
                  stable_key(config.dataset + "/" + config.name),
                  -1,
                  {},
                  config.restore ? &*config.restore : &data.datasets[d].restore};
    for (const auto& copy : config.copies) policy.copy_places.push_back(place_index(copy.place));
    const auto index = static_cast<std::int32_t>(policies_.size());
    if (config.kind == BackupKind::ARCHIVE)
      datasets_[d].archive = index;
    else
      datasets_[d].policies.push_back(index);
    policies_.push_back(std::move(policy));
  }
  for (auto& policy : policies_) {
    if (policy.config->base.empty()) continue;
    for (std::size_t b = 0; b < policies_.size(); ++b)
      if (policies_[b].config->dataset == policy.config->dataset &&
          policies_[b].config->name == policy.config->base)
        policy.base = static_cast<std::int32_t>(b);
  }
}

void BackupController::initialize_trial(std::uint64_t trial, EventQueue& queue) {
  trial_ = trial;
  std::fill(state_.begin(), state_.end(), State{});
  std::fill(lost_.begin(), lost_.end(), 0);
  std::fill(destroyed_at_.begin(), destroyed_at_.end(), NEVER);
  std::fill(back_at_.begin(), back_at_.end(), NEVER);
  changed_.clear();
  records_.clear();
  const double infinity = std::numeric_limits<double>::infinity();
  for (std::size_t l = 0; l < locations_->size(); ++l) {
    const StorageLocation& config = (*locations_)[l];
    const std::uint64_t key = stable_key(config.name);
    LocationState& s = location_state_[l];
    s.outage = RandomStream::for_trial(seed_, trial, StreamPurpose::LOCATION_OUTAGE, key);
    s.loss = RandomStream::for_trial(seed_, trial, StreamPurpose::LOCATION_LOSS, key);
    s.up = true;
    s.next_change = config.outage_ttf ? config.outage_ttf->sample(s.outage) : infinity;
    s.last_loss = NEVER;
    s.next_loss = config.loss_ttf ? config.loss_ttf->sample(s.loss) : infinity;
  }
  for (std::size_t t = 0; t < threats_.size(); ++t) {
    threat_stream_[t] =
        RandomStream::for_trial(seed_, trial, StreamPurpose::THREAT, threats_[t].key);
    detection_stream_[t] =
        RandomStream::for_trial(seed_, trial, StreamPurpose::THREAT_DETECTION, threats_[t].key);
    queue.push(threats_[t].config->ttf.sample(threat_stream_[t]), static_cast<std::uint32_t>(t),
               EventKind::THREAT);
  }
  for (std::size_t d = 0; d < datasets_.size(); ++d) {
    const std::uint64_t key = stable_key(datasets_[d].config->name);
    restore_stream_[d] = RandomStream::for_trial(seed_, trial, StreamPurpose::RESTORE_TIME, key);
    restore_failure_stream_[d] =
        RandomStream::for_trial(seed_, trial, StreamPurpose::RESTORE_FAILURE, key);
    archive_stream_[d] = RandomStream::for_trial(seed_, trial, StreamPurpose::ARCHIVE_LAG, key);
  }
  for (std::size_t p = 0; p < process_key_.size(); ++p) {
    destruction_stream_[p] =
        RandomStream::for_trial(seed_, trial, StreamPurpose::DESTRUCTION, process_key_[p]);
    storage_stream_[p] =
        RandomStream::for_trial(seed_, trial, StreamPurpose::STORAGE_LOSS, process_key_[p]);
  }
}

BackupController::Job BackupController::job(std::int32_t policy, std::int64_t k) const {
  const Policy& p = policies_[static_cast<std::size_t>(policy)];
  const BackupPolicy& config = *p.config;
  const std::uint64_t key = job_key(p.key, k);
  Job j{config.schedule.offset_s + static_cast<double>(k) * config.schedule.period_s, 0.0, true};
  if (config.failure_probability > 0.0) {
    RandomStream failure =
        RandomStream::for_trial(seed_, trial_, StreamPurpose::BACKUP_FAILURE, key);
    j.ok = failure.uniform() >= config.failure_probability;
  }
  RandomStream duration =
      RandomStream::for_trial(seed_, trial_, StreamPurpose::BACKUP_DURATION, key);
  j.end = j.start + config.duration.sample(duration);
  return j;
}

double BackupController::copy_arrival(std::int32_t policy, std::int64_t k, std::size_t copy,
                                      const Job& j) const {
  if (copy == 0) return j.end;
  const Policy& p = policies_[static_cast<std::size_t>(policy)];
  RandomStream delay = RandomStream::for_trial(seed_, trial_, StreamPurpose::BACKUP_COPY_DELAY,
                                               splitmix64_mix(job_key(p.key, k) + copy));
  return j.end + p.config->copies[copy].delay.sample(delay);
}

void BackupController::location_advance(std::int32_t location, double now) {
  const StorageLocation& config = (*locations_)[static_cast<std::size_t>(location)];
  LocationState& s = location_state_[static_cast<std::size_t>(location)];
  while (s.next_change <= now) {
    s.up = !s.up;
    s.next_change += (s.up ? *config.outage_ttf : *config.outage_ttr).sample(s.outage);
  }
  while (s.next_loss <= now) {
    s.last_loss = s.next_loss;
    s.next_loss += config.loss_ttf->sample(s.loss);
  }
}

// When the place can next be read from: now while it is up, else when it is expected back.
double BackupController::reachable_at(std::int32_t place, double now,
                                      const std::vector<std::uint8_t>& up) {
  const Place& p = places_[static_cast<std::size_t>(place)];
  if (p.vertex < 0) {
    location_advance(p.location, now);
    const LocationState& s = location_state_[static_cast<std::size_t>(p.location)];
    return s.up ? now : s.next_change;
  }
  if (up[static_cast<std::size_t>(p.vertex)]) return now;
  double back = back_at_[static_cast<std::size_t>(place)];
  const std::int32_t region = region_of_place_[static_cast<std::size_t>(place)];
  if (region >= 0 &&
      !up[static_cast<std::size_t>(places_[static_cast<std::size_t>(region)].vertex)])
    back = std::max(back, back_at_[static_cast<std::size_t>(region)]);
  return std::max(back, now);
}

// When the place last lost what it held: destroyed (a region or zone) or a loss (a location).
double BackupController::wiped_at(std::int32_t place, double now) {
  const Place& p = places_[static_cast<std::size_t>(place)];
  const double destroyed = destroyed_at_[static_cast<std::size_t>(place)];
  if (p.location < 0) return destroyed;
  location_advance(p.location, now);
  return std::max(destroyed, location_state_[static_cast<std::size_t>(p.location)].last_loss);
}

void BackupController::repair_expected(std::uint32_t process, double back) {
  const std::int32_t place = process_place_[process];
  if (place >= 0) back_at_[static_cast<std::size_t>(place)] = back;
}

bool BackupController::retained(std::int32_t policy, std::int64_t k, double now) {
  Scan& scan = scans_[static_cast<std::size_t>(policy)];
  if (k > scan.top) return false;
  const BackupPolicy& config = *policies_[static_cast<std::size_t>(policy)].config;
  while (!scan.done && scan.next >= k) {
    const Job j = job(policy, scan.next);
    if ((config.keep_age_s && now - j.start > *config.keep_age_s) ||
        scan.top - scan.next >= MAX_SCAN) {
      scan.boundary = scan.next;
      scan.done = true;
      break;
    }
    if (j.ok && j.end <= now && config.keep_count && ++scan.successes > *config.keep_count) {
      scan.boundary = scan.next;
      scan.done = true;
      break;
    }
    --scan.next;
  }
  return k > scan.boundary;
}

// The earliest time a copy of job k that is still intact can be read; infinity when none is.
double BackupController::stored(std::int32_t policy, std::int64_t k, const Job& j, double now,
                                const std::vector<std::uint8_t>& up) {
  const Policy& p = policies_[static_cast<std::size_t>(policy)];
  double ready = std::numeric_limits<double>::infinity();
  for (std::size_t c = 0; c < p.copy_places.size(); ++c) {
    const double arrival = copy_arrival(policy, k, c, j);
    const std::int32_t place = p.copy_places[c];
    if (arrival <= now && wiped_at(place, now) < arrival)
      ready = std::min(ready, reachable_at(place, now, up));
  }
  return ready;
}

// Job k of `policy` as a recovery point for `need`: it succeeded, finished in time, is still
// retained and stored somewhere reachable, and so is everything it builds on.
bool BackupController::usable(std::int32_t policy, std::int64_t k, const Need& need,
                              const std::vector<std::uint8_t>& up, Candidate& out) {
  const Job j = job(policy, k);
  if (!j.ok || j.end > need.finish || j.start > need.limit) return false;
  if (!retained(policy, k, need.now)) return false;
  double ready = stored(policy, k, j, need.now, up);
  const Policy& p = policies_[static_cast<std::size_t>(policy)];
  int steps = 0;
  if (p.base >= 0) {
    const Schedule& base_schedule = policies_[static_cast<std::size_t>(p.base)].config->schedule;
    std::int64_t f = last_job_at(base_schedule, j.start);
    Job full{};
    for (;; --f) {
      if (!retained(p.base, f, need.now)) return false;  // the chain's full is gone
      full = job(p.base, f);
      if (full.ok && full.end <= j.start) break;
    }
    ready = std::max(ready, stored(p.base, f, full, need.now, up));
    steps = 1;
    if (p.config->kind == BackupKind::INCREMENTAL) {
      // Every successful incremental since the full is a link of the chain.
      for (std::int64_t i = k - 1;; --i) {
        const Job link = job(policy, i);
        if (link.start < full.end) break;
        if (!link.ok) continue;
        if (!retained(policy, i, need.now)) return false;
        ready = std::max(ready, stored(policy, i, link, need.now, up));
        ++steps;
      }
    }
  }
  const bool pitr = need.pitr && j.start >= need.pitr_from && j.start <= need.pitr_target;
  if (pitr) ready = std::max(ready, need.pitr_ready);
  if (!std::isfinite(ready)) return false;  // no intact copy of some part
  out = Candidate{pitr ? need.pitr_target : j.start, j.start, ready, policy, k, steps};
  return true;
}

// The next usable recovery point of `policy` at or below `cursor`, which it then moves past.
bool BackupController::next_candidate(std::int32_t policy, std::int64_t& cursor, const Need& need,
                                      const std::vector<std::uint8_t>& up, Candidate& out) {
  for (; retained(policy, cursor, need.now); --cursor)
    if (usable(policy, cursor, need, up, out)) {
      --cursor;
      return true;
    }
  return false;
}

// Point-in-time recovery: the best reachable copy of the archive covers writes from the later of
// its retention and its place's last destruction, up to the lag (and the copy's delay) before the
// loss or, for corruption, up to just before the bad write.
void BackupController::plan_archive(Need& need, const std::vector<std::uint8_t>& up) {
  need.pitr = false;
  const Dataset& dataset = datasets_[need.dataset];
  if (dataset.archive < 0) return;
  const Policy& archive = policies_[static_cast<std::size_t>(dataset.archive)];
  RandomStream& stream = archive_stream_[need.dataset];
  const double lag = archive.config->lag->sample(stream);
  const double written_until = std::min(need.finish, need.now);
  for (std::size_t c = 0; c < archive.copy_places.size(); ++c) {
    const double delay = c == 0 ? 0.0 : archive.config->copies[c].delay.sample(stream);
    const std::int32_t place = archive.copy_places[c];
    const double from = std::max(need.now - *archive.config->keep_age_s, wiped_at(place, need.now));
    const double head = std::min(need.limit, written_until - lag - delay);
    if (head < from) continue;
    if (!need.pitr || head > need.pitr_target) {
      need.pitr = true;
      need.pitr_target = head;
      need.pitr_from = from;
      need.pitr_ready = reachable_at(place, need.now, up);
    }
  }
}

double BackupController::attempt_duration(const Need& need, const Candidate& candidate) {
  const Policy& policy = policies_[static_cast<std::size_t>(candidate.policy)];
  const RestoreSpec& spec = *policy.restore;
  const resim::Dataset& config = *datasets_[need.dataset].config;
  RandomStream& stream = restore_stream_[need.dataset];
  double duration = spec.overhead.sample(stream);
  if (spec.throughput_bytes_per_s > 0.0) {
    const double size =
        config.size_bytes * std::pow(1.0 + config.growth_per_year, need.now / SECONDS_PER_YEAR);
    duration += size / spec.throughput_bytes_per_s;
  }
  for (int s = 0; s < candidate.steps; ++s) duration += spec.per_step.sample(stream);
  const double replay = candidate.point - candidate.base_start;
  if (replay > 0.0 && spec.replay_speed > 0.0) duration += replay / spec.replay_speed;
  return duration;
}

// Tries the recovery points newest first (across policies) until a restore succeeds.
void BackupController::restore(Need need, DataIncidentKind kind, double exposure,
                               const std::vector<std::uint8_t>& up, EventQueue& queue) {
  const std::uint32_t d = need.dataset;
  const Dataset& dataset = datasets_[d];
  for (std::int32_t p : dataset.policies) {
    const Schedule& schedule = policies_[static_cast<std::size_t>(p)].config->schedule;
    const std::int64_t top = last_job_at(schedule, need.now);
    scans_[static_cast<std::size_t>(p)] = Scan{top, top, NO_BOUNDARY, 0, false};
  }
  plan_archive(need, up);
  // One cursor per policy, and the best candidate each offers next.
  std::int64_t cursor[MAX_POLICIES_PER_DATASET];
  Candidate offer[MAX_POLICIES_PER_DATASET];
  bool has_offer[MAX_POLICIES_PER_DATASET];
  const std::size_t n = dataset.policies.size();
  for (std::size_t i = 0; i < n; ++i) {
    const std::int32_t p = dataset.policies[i];
    cursor[i] = last_job_at(policies_[static_cast<std::size_t>(p)].config->schedule, need.limit);
    has_offer[i] = next_candidate(p, cursor[i], need, up, offer[i]);
  }
  RestoreRecord record{static_cast<std::int32_t>(d), kind, false, false, 0, need.now, 0.0, 0.0,
                       exposure};
  for (;;) {
    std::size_t best = n;
    for (std::size_t i = 0; i < n; ++i)
      if (has_offer[i] &&
          (best == n || offer[i].point > offer[best].point ||
           (offer[i].point == offer[best].point && offer[i].base_start > offer[best].base_start)))
        best = i;
    if (best == n) break;
    const Candidate candidate = offer[best];
    // Copies in a place that is down are read once it is back.
    record.rto_s =
        std::max(record.rto_s, candidate.ready - need.now) + attempt_duration(need, candidate);
    const double p_fail =
        policies_[static_cast<std::size_t>(candidate.policy)].restore->failure_probability;
    if (p_fail > 0.0 && restore_failure_stream_[d].uniform() < p_fail) {
      ++record.failed_attempts;
      has_offer[best] = next_candidate(dataset.policies[best], cursor[best], need, up, offer[best]);
      continue;
    }
    record.recovered = true;
    record.point_in_time = candidate.point > candidate.base_start;
    record.rpo_s = need.rpo_end - candidate.point;
    record.policy = candidate.policy;
    record.recovery_point = candidate.point;
    break;
  }
  if (!record.recovered) {
    // Nothing to restore from: the dataset is rebuilt empty after the time spent trying.
    record.rto_s += dataset.config->restore.overhead.sample(restore_stream_[d]);
    state_[d].unrecoverable = true;
  }
  records_.push_back(record);
  State& st = state_[d];
  st.phase = Phase::RESTORING;
  const bool corruption =
      kind != DataIncidentKind::REPLICA_LOSS && kind != DataIncidentKind::DESTRUCTION;
  if (!(corruption && dataset.config->read_only_while_restoring)) set_held(d, true);
  queue.push(need.now + record.rto_s, static_cast<std::uint32_t>(threats_.size()) + d,
             EventKind::RESTORED);
}

void BackupController::set_held(std::uint32_t d, bool held) {
  if (state_[d].held == held) return;
  state_[d].held = held;
  changed_.push_back(d);
}

// A replica that lost its storage and is up again has copied the data back from one that kept it.
void BackupController::resync(std::uint32_t d, const std::vector<std::uint8_t>& up) {
  const Dataset& dataset = datasets_[d];
  if (all_replicas_lost(d)) return;
  for (std::uint32_t r = dataset.first_replica; r < dataset.first_replica + dataset.replica_count;
       ++r)
    if (lost_[r] && up[replicas_[r].vertex]) lost_[r] = 0;
}

bool BackupController::all_replicas_lost(std::uint32_t d) const {
  const Dataset& dataset = datasets_[d];
  for (std::uint32_t r = dataset.first_replica; r < dataset.first_replica + dataset.replica_count;
       ++r)
    if (!lost_[r]) return false;
  return dataset.replica_count > 0;
}

void BackupController::destroy_place(std::int32_t place, double now) {
  destroyed_at_[static_cast<std::size_t>(place)] = now;
  for (std::int32_t zone : zones_of_place_[static_cast<std::size_t>(place)])
    destroyed_at_[static_cast<std::size_t>(zone)] = now;
  for (std::uint32_t r = 0; r < replicas_.size(); ++r)
    if (replicas_[r].zone_place == place || replicas_[r].region_place == place) lost_[r] = 1;
}

void BackupController::before_failure(std::uint32_t process, double now,
                                      const std::vector<std::uint8_t>& up, EventQueue& queue) {
  const std::int32_t place = process_place_[process];
  const double destroy = process_destroy_[process];
  const std::uint32_t begin = process_replica_begin_[process],
                      end = process_replica_begin_[process + 1];
  if (place < 0 && begin == end) return;
  // Bring the replica states up to now before this failure changes them.
  for (std::uint32_t d = 0; d < datasets_.size(); ++d)
    if (state_[d].phase != Phase::RESTORING) resync(d, up);
  bool destroyed = false;
  if (place >= 0 && destroy > 0.0 && destruction_stream_[process].uniform() < destroy) {
    destroy_place(place, now);
    destroyed = true;
  }
  if (begin != end) {
    // One draw per failure: a lost disk takes every dataset on it.
    const double u = storage_stream_[process].uniform();
    for (std::uint32_t i = begin; i < end; ++i) {
      const std::uint32_t r = process_replicas_[i];
      for (std::uint32_t d = 0; d < datasets_.size(); ++d) {
        const Dataset& dataset = datasets_[d];
        if (r >= dataset.first_replica && r < dataset.first_replica + dataset.replica_count &&
            u < dataset.config->storage_loss_probability)
          lost_[r] = 1;
      }
    }
  }
  for (std::uint32_t d = 0; d < datasets_.size(); ++d) {
    if (state_[d].phase != Phase::IDLE || !all_replicas_lost(d)) continue;
    state_[d].loss_incident = true;
    restore(Need{d, now, now, now, now, false, 0.0, 0.0, 0.0},
            destroyed ? DataIncidentKind::DESTRUCTION : DataIncidentKind::REPLICA_LOSS, 0.0, up,
            queue);
  }
}

void BackupController::handle(const Event& event, const std::vector<std::uint8_t>& up,
                              EventQueue& queue) {
  const double now = event.time;
  switch (event.kind) {
    case EventKind::THREAT: {
      const ThreatRef& threat = threats_[event.target];
      State& st = state_[threat.dataset];
      if (st.phase != Phase::IDLE) {
        // An incident in progress absorbs this one; the threat strikes again later.
        queue.push(now + threat.config->ttf.sample(threat_stream_[event.target]), event.target,
                   EventKind::THREAT);
        return;
      }
      st.phase = Phase::EXPOSED;
      st.threat = static_cast<std::int32_t>(event.target);
      st.corrupted_at = now;
      queue.push(now + threat.config->detection.sample(detection_stream_[event.target]),
                 event.target, EventKind::THREAT_DETECTED);
      return;
    }
    case EventKind::THREAT_DETECTED: {
      const ThreatRef& threat = threats_[event.target];
      State& st = state_[threat.dataset];
      st.loss_incident = false;
      // Every write since the bad one is discarded: recover to just before it, count to now.
      restore(Need{threat.dataset, now, st.corrupted_at, now, now, false, 0.0, 0.0, 0.0},
              threat_incident(threat.config->kind), now - st.corrupted_at, up, queue);
      return;
    }
    case EventKind::RESTORED: {
      // Dataset slots follow the threats' in the queue.
      const std::uint32_t d = event.target - static_cast<std::uint32_t>(threats_.size());
      State& st = state_[d];
      const Dataset& dataset = datasets_[d];
      if (st.loss_incident)
        std::fill(lost_.begin() + dataset.first_replica,
                  lost_.begin() + dataset.first_replica + dataset.replica_count, 0);
      if (st.threat >= 0)
        queue.push(now + threats_[static_cast<std::size_t>(st.threat)].config->ttf.sample(
                             threat_stream_[static_cast<std::size_t>(st.threat)]),
                   static_cast<std::uint32_t>(st.threat), EventKind::THREAT);
      st.phase = Phase::IDLE;
      st.threat = -1;
      st.loss_incident = false;
      set_held(d, false);
      return;
    }
    case EventKind::FAIL:
    case EventKind::REPAIR:
    case EventKind::DETECTED:
    case EventKind::PROMOTED:
    case EventKind::RECONSIDER:
    case EventKind::FAILBACK_START:
    case EventKind::FAILBACK_DONE:
      return;  // the simulation's and the failover controller's
  }
}

}  // namespace resim
