// Where a command writes a file: "-" means standard output, anything else is written
// atomically (reports/output_file.h).
#pragma once

#include <string>

namespace resim::cli {

inline constexpr const char* STDOUT_PATH = "-";

void write_output(const std::string& path, const std::string& contents);

// A per-scenario output path of a batch: "{}" stands for the scenario file's stem.
// Throws CLI::ValidationError (exit 2) when several scenarios would share one file.
std::string output_path_for(const std::string& pattern, const std::string& option,
                            const std::string& scenario_path, std::size_t scenario_count);

}  // namespace resim::cli
