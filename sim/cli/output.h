// Where a command writes a file: "-" means standard output, anything else is written
// atomically (reports/output_file.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "reports/output_file.h"

namespace resim::cli {

inline constexpr const char* STDOUT_PATH = "-";

// Under mpirun, rank 0 alone writes.
void write_output(const std::string& path, const std::string& contents);

// Written while the run goes on: standard output at once, a file whole at commit() or not at
// all (reports/output_file.h). Under mpirun, by rank 0 only.
class StreamedOutput {
 public:
  explicit StreamedOutput(const std::string& path);
  void write(std::string_view data);
  void commit();

 private:
  bool root_;
  std::optional<AtomicFileWriter> file_;  // none: standard output, or nothing off the root
};

// A per-scenario output path of a batch: "{}" stands for the scenario file's stem.
// Throws CLI::ValidationError (exit 2) when several scenarios would share one file.
std::string output_path_for(const std::string& pattern, const std::string& option,
                            const std::string& scenario_path, std::size_t scenario_count);

}  // namespace resim::cli
