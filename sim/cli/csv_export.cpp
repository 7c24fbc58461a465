#include "sim/cli/csv_export.h"

namespace resim::cli {

CsvExport::CsvExport(const std::string& trials_path, const std::string& incidents_path) {
  if (!trials_path.empty()) {
    trials_.emplace(trials_path);
    trials_->write(trials_csv_header());
  }
  if (!incidents_path.empty()) {
    incidents_.emplace(incidents_path);
    incidents_->write(incidents_csv_header());
  }
}

void CsvExport::write_chunk(const std::string& trial_rows, const std::string& incident_rows) {
  if (trials_ && !trial_rows.empty()) trials_->write(trial_rows);
  if (incidents_ && !incident_rows.empty()) incidents_->write(incident_rows);
}

void CsvExport::commit() {
  if (trials_) trials_->commit();
  if (incidents_) incidents_->commit();
}

}  // namespace resim::cli
