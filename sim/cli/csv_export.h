// --trials-csv and --incidents-csv: the engine's export rows (sim/trial_export.h) streamed to
// their files as the chunks complete, each file appearing whole when the run has ended.
#pragma once

#include <optional>
#include <string>

#include "sim/cli/output.h"
#include "sim/trial_export.h"

namespace resim::cli {

class CsvExport : public ExportSink {
 public:
  // An empty path: that file is not wanted. Opens the files and writes their headers.
  CsvExport(const std::string& trials_path, const std::string& incidents_path);

  bool wants_trials() const override { return trials_.has_value(); }
  bool wants_incidents() const override { return incidents_.has_value(); }
  void write_chunk(const std::string& trial_rows, const std::string& incident_rows) override;
  // After the run: the files appear. Destroyed before, they never do.
  void commit();

 private:
  std::optional<StreamedOutput> trials_;
  std::optional<StreamedOutput> incidents_;
};

}  // namespace resim::cli
