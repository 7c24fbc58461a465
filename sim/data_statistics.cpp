#include "sim/data_statistics.h"

namespace resim {

namespace {

std::vector<double> limit_of(const std::optional<double>& target) {
  return target ? std::vector<double>{*target} : std::vector<double>{};
}

}  // namespace

void DataKindStatistics::merge(const DataKindStatistics& later) {
  incidents += later.incidents;
  unrecoverable += later.unrecoverable;
  failed_restores += later.failed_restores;
  point_in_time += later.point_in_time;
  rto.merge(later.rto);
  rpo.merge(later.rpo);
}

DatasetStatistics::DatasetStatistics(const Dataset& config)
    : rto(limit_of(config.rto_s)), rpo(limit_of(config.rpo_s)) {}

void DatasetStatistics::merge(const DatasetStatistics& later) {
  for (std::size_t k = 0; k < kinds.size(); ++k) kinds[k].merge(later.kinds[k]);
  rto.merge(later.rto);
  rpo.merge(later.rpo);
  exposure.merge(later.exposure);
  trials_unrecoverable += later.trials_unrecoverable;
}

void DataAccumulator::add_trial(const std::vector<Dataset>& configs,
                                const std::vector<RestoreRecord>& records) {
  if (datasets.empty())
    for (const auto& config : configs) datasets.emplace_back(config);
  std::vector<bool> lost(configs.size(), false);
  for (const auto& record : records) {
    const auto d = static_cast<std::size_t>(record.dataset);
    DatasetStatistics& s = datasets[d];
    DataKindStatistics& k = s.kinds[static_cast<std::size_t>(record.kind)];
    ++k.incidents;
    k.failed_restores += record.failed_attempts;
    const bool corruption = record.kind != DataIncidentKind::REPLICA_LOSS &&
                            record.kind != DataIncidentKind::DESTRUCTION;
    if (corruption) s.exposure.add(record.exposure_s);
    if (!record.recovered) {
      ++k.unrecoverable;
      lost[d] = true;
      continue;
    }
    k.point_in_time += record.point_in_time ? 1 : 0;
    k.rto.add(record.rto_s);
    k.rpo.add(record.rpo_s);
    s.rto.add(record.rto_s);
    s.rpo.add(record.rpo_s);
  }
  for (std::size_t d = 0; d < lost.size(); ++d) datasets[d].trials_unrecoverable += lost[d] ? 1 : 0;
}

void DataAccumulator::merge(const DataAccumulator& later) {
  if (later.datasets.empty()) return;
  if (datasets.empty()) {
    datasets = later.datasets;
    return;
  }
  for (std::size_t d = 0; d < datasets.size(); ++d) datasets[d].merge(later.datasets[d]);
}

}  // namespace resim
