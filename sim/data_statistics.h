// What the trials' restores add up to, per dataset: streaming histograms, never every incident.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "models/dataset.h"
#include "sim/backups.h"
#include "sim/histogram.h"

namespace resim {

struct DataKindStatistics {
  std::int64_t incidents = 0;
  std::int64_t unrecoverable = 0;
  std::int64_t failed_restores = 0;
  std::int64_t point_in_time = 0;
  Histogram rto;  // recovered incidents
  Histogram rpo;

  void merge(const DataKindStatistics& later);
};

struct DatasetStatistics {
  std::array<DataKindStatistics, DATA_INCIDENT_KINDS> kinds;
  Histogram rto;       // every recovered incident; the rto target's limit counted exactly
  Histogram rpo;       // likewise, with the rpo target's limit
  Histogram exposure;  // corruption, ransomware, operator error: bad write to detection
  std::int64_t trials_unrecoverable = 0;  // trials with at least one unrecoverable incident

  explicit DatasetStatistics(const Dataset& config);
  void merge(const DatasetStatistics& later);
};

// Per chunk of trials, merged in chunk order like ChunkAccumulator (sim/simulation.h).
struct DataAccumulator {
  std::vector<DatasetStatistics> datasets;  // empty until the first trial with datasets

  // One trial's records (sim/backups.h), in time order.
  void add_trial(const std::vector<Dataset>& configs, const std::vector<RestoreRecord>& records);
  void merge(const DataAccumulator& later);
};

}  // namespace resim
