// Per-dataset figures of a run: restores needed by kind, their RTO and RPO, failed restores,
// corruption exposure, the probability of losing data for good, and the dataset's targets.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/topology.h"
#include "sim/backups.h"
#include "sim/data_statistics.h"
#include "sim/duration_summary.h"
#include "sim/statistics.h"

namespace resim {

// Data lost per incident in transactions: the RPO times the dataset's writes per second.
struct TransactionSummary {
  double mean = 0.0;
  double p50 = 0.0;
  double p95 = 0.0;
  double p99 = 0.0;
  double max = 0.0;
};

struct DataKindResult {
  DataIncidentKind kind = DataIncidentKind::REPLICA_LOSS;
  std::int64_t incidents = 0;
  double incidents_per_year = 0.0;
  std::int64_t unrecoverable = 0;
  std::int64_t failed_restores = 0;  // attempts that failed, each followed by an older point
  std::int64_t point_in_time = 0;    // recovered by archive replay
  DurationSummary rto;               // recovered incidents: need to data restored
  DurationSummary rpo;               // recovered incidents: writes discarded
  Estimate rpo_mean_s;
  Estimate rto_mean_s;
  std::optional<TransactionSummary> rpo_transactions;  // with writes_per_second
};

// "unrecoverable": at most `target` probability per year of losing data for good; met when the
// whole interval is below it. "rto", "rpo": at least `quantile` of restores within `target` s.
struct DataTargetResult {
  std::string name;
  double target = 0.0;
  double quantile = 0.0;
  double achieved = 0.0;      // rto, rpo: that quantile (s); unrecoverable: probability per year
  Interval achieved_ci;       // unrecoverable: of the probability; rto, rpo: of share_within
  double share_within = 0.0;  // rto, rpo
  bool met = false;
  bool conclusive = true;
  std::string detail;
};

struct DatasetResult {
  std::string name;
  std::string on;
  std::int64_t incidents = 0;  // needing a restore
  double incidents_per_year = 0.0;
  std::int64_t unrecoverable = 0;
  std::int64_t failed_restores = 0;
  std::vector<DataKindResult> kinds;  // the kinds that occurred, in DataIncidentKind order
  DurationSummary rto;                // every recovered incident
  DurationSummary rpo;
  Estimate rpo_mean_s;
  std::optional<TransactionSummary> rpo_transactions;
  DurationSummary exposure;  // corruption kinds: from the bad write to its detection
  // Probability that a horizon (a trial) loses this dataset's data for good at least once, and
  // the same per year; both with 95 % intervals.
  double unrecoverable_per_horizon = 0.0;
  Interval unrecoverable_per_horizon_ci;
  double unrecoverable_per_year = 0.0;
  Interval unrecoverable_per_year_ci;
  std::vector<DataTargetResult> targets;
};

std::vector<DatasetResult> summarize_datasets(const Topology& topology, double horizon_s,
                                              std::int64_t trials, const DataAccumulator& data);

// Sentences for the warnings list: data lost for good, datasets without backups, few restores.
std::vector<std::string> data_warnings(const Topology& topology,
                                       const std::vector<DatasetResult>& datasets);

}  // namespace resim
