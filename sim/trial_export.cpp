#include "sim/trial_export.h"

#include <charconv>

#include "models/duration.h"
#include "sim/results.h"

namespace resim {

namespace {

// RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled.
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

// The shortest text that reads back as the same double: exact, and the same on every platform.
void put(std::string& out, double value) {
  char buffer[32];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
  out.append(buffer, end);
}

void put(std::string& out, std::int64_t value) {
  char buffer[24];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
  out.append(buffer, end);
}

void put(std::string& out, const std::string& field) {
  out += field;
}

// Fields separated by commas, the line ended.
template <typename First, typename... Rest>
void put_row(std::string& out, const First& first, const Rest&... rest) {
  put(out, first);
  ((out += ',', put(out, rest)), ...);
  out += '\n';
}

const std::string EMPTY;

}  // namespace

const std::string& trials_csv_header() {
  static const std::string header =
      "trial,downtime_s,availability,downtime_per_year_s,outages,outages_per_year,"
      "longest_outage_s,planned_downtime_s,planned_outages,served_fraction,degraded_s,"
      "failover_incidents,promotions,failover_data_lost_s,data_incidents,data_unrecoverable,"
      "data_rpo_s,unfinished_outages\n";
  return header;
}

const std::string& incidents_csv_header() {
  static const std::string header =
      "trial,kind,start_s,duration_s,downtime_s,cause,cause_kind,group,dataset,rto_s,rpo_s,"
      "outcome\n";
  return header;
}

TrialExporter::TrialExporter(const Topology& topology, double horizon_s, bool trials,
                             bool incidents)
    : horizon_s_(horizon_s),
      years_(horizon_s / SECONDS_PER_YEAR),
      has_demand_(has_demand(topology)),
      trials_(trials),
      incidents_(incidents) {
  for (const auto& cause : topology.causes()) {
    cause_names_.push_back(csv_field(cause.name));
    cause_kinds_.emplace_back(to_string(cause.kind));
  }
  for (const auto& group : topology.scenario().failover_groups)
    group_names_.push_back(csv_field(group.name));
  for (const auto& dataset : topology.scenario().data.datasets)
    dataset_names_.push_back(csv_field(dataset.name));
}

void TrialExporter::add(std::uint64_t trial, const TrialRecords& records, ExportRows& rows) const {
  if (trials_) add_trial_row(trial, records, rows.trials);
  if (!incidents_) return;
  for (const auto& outage : records.outages) add_outage_row(trial, outage, false, rows.incidents);
  if (records.unfinished) add_outage_row(trial, *records.unfinished, true, rows.incidents);
  for (const auto& record : records.failovers) add_failover_row(trial, record, rows.incidents);
  for (const auto& record : records.restores) add_restore_row(trial, record, rows.incidents);
}

// Per-year figures are the trial's own divided by the horizon in years, so that their mean over
// the rows is the run's reported mean.
void TrialExporter::add_trial_row(std::uint64_t trial, const TrialRecords& records,
                                  std::string& out) const {
  const TrialOutcome& o = records.outcome;
  std::int64_t promotions = 0;
  double failover_lost = 0.0;
  for (const auto& record : records.failovers)
    if (record.promoted) {
      ++promotions;
      failover_lost += record.rpo_s;
    }
  std::int64_t unrecoverable = 0;
  double data_rpo = 0.0;
  for (const auto& record : records.restores) {
    if (record.recovered)
      data_rpo += record.rpo_s;
    else
      ++unrecoverable;
  }
  std::string served;
  if (has_demand_) put(served, o.served_s / horizon_s_);
  std::string degraded;
  if (has_demand_) put(degraded, o.degraded_s);
  put_row(out, static_cast<std::int64_t>(trial), o.downtime_s, 1.0 - o.downtime_s / horizon_s_,
          o.downtime_s / years_, std::int64_t{o.outages}, o.outages / years_, o.longest_outage_s,
          o.planned_downtime_s, std::int64_t{o.planned_outages}, served, degraded,
          static_cast<std::int64_t>(records.failovers.size()), promotions, failover_lost,
          static_cast<std::int64_t>(records.restores.size()), unrecoverable, data_rpo,
          std::int64_t{records.unfinished ? 1 : 0});
}

void TrialExporter::add_outage_row(std::uint64_t trial, const OutageRecord& outage, bool unfinished,
                                   std::string& out) const {
  const auto c = static_cast<std::size_t>(outage.cause);
  put_row(out, static_cast<std::int64_t>(trial),
          std::string(outage.planned ? "planned_outage" : "outage"), outage.start_s,
          outage.duration_s, outage.downtime_s, cause_names_[c], cause_kinds_[c], EMPTY, EMPTY,
          outage.duration_s, EMPTY, std::string(unfinished ? "unfinished" : ""));
}

void TrialExporter::add_failover_row(std::uint64_t trial, const FailoverRecord& record,
                                     std::string& out) const {
  const char* outcome = record.promoted     ? (record.manual ? "manual_promotion" : "promotion")
                        : record.stood_down ? "stood_down"
                                            : "returned";
  std::string rpo;
  if (record.promoted) put(rpo, record.rpo_s);
  put_row(out, static_cast<std::int64_t>(trial), std::string("failover"),
          record.time - record.rto_s, record.rto_s, EMPTY, EMPTY, EMPTY,
          group_names_[static_cast<std::size_t>(record.group)], EMPTY, record.rto_s, rpo,
          std::string(outcome));
}

void TrialExporter::add_restore_row(std::uint64_t trial, const RestoreRecord& record,
                                    std::string& out) const {
  const char* outcome = !record.recovered      ? "unrecoverable"
                        : record.point_in_time ? "point_in_time"
                                               : "recovered";
  std::string rpo;
  if (record.recovered) put(rpo, record.rpo_s);
  put_row(out, static_cast<std::int64_t>(trial), std::string(to_string(record.kind)), record.time_s,
          record.rto_s, EMPTY, EMPTY, EMPTY, EMPTY,
          dataset_names_[static_cast<std::size_t>(record.dataset)], record.rto_s, rpo,
          std::string(outcome));
}

bool OrderedExport::wait_turn(std::int64_t chunk) {
  std::unique_lock<std::mutex> lock(mutex_);
  turn_.wait(lock, [&] { return aborted_ || chunk < next_ + window_; });
  return !aborted_;
}

ExportRows OrderedExport::fresh() {
  const std::lock_guard<std::mutex> lock(mutex_);
  if (spare_.empty()) return {};
  ExportRows rows = std::move(spare_.back());
  spare_.pop_back();
  return rows;
}

void OrderedExport::finished(std::int64_t chunk, ExportRows rows) {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (aborted_) return;
    waiting_.emplace(chunk, std::move(rows));
    for (auto next = waiting_.begin(); next != waiting_.end() && next->first == next_;
         next = waiting_.begin()) {
      sink_.write_chunk(next->second.trials, next->second.incidents);
      next->second.trials.clear();
      next->second.incidents.clear();
      spare_.push_back(std::move(next->second));
      waiting_.erase(next);
      ++next_;
    }
  }
  turn_.notify_all();
}

void OrderedExport::abort() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    aborted_ = true;
  }
  turn_.notify_all();
}

}  // namespace resim
