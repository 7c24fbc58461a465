#include "sim/cli/output.h"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <iostream>

#include "reports/output_file.h"

namespace resim::cli {

void write_output(const std::string& path, const std::string& contents) {
  if (path == STDOUT_PATH) {
    std::cout << contents << std::flush;
    return;
  }
  write_file_atomically(path, contents);
}

std::string output_path_for(const std::string& pattern, const std::string& option,
                            const std::string& scenario_path, std::size_t scenario_count) {
  const auto brace = pattern.find("{}");
  if (brace == std::string::npos) {
    if (scenario_count > 1 && pattern != STDOUT_PATH)
      throw CLI::ValidationError(option, "'" + pattern + "' would be written by each of " +
                                             std::to_string(scenario_count) +
                                             " scenarios; write e.g. 'out/{}.json', where {} "
                                             "stands for each scenario file's stem");
    return pattern;
  }
  const std::string stem =
      scenario_path.empty() ? "default" : std::filesystem::path(scenario_path).stem().string();
  return pattern.substr(0, brace) + stem + pattern.substr(brace + 2);
}

}  // namespace resim::cli
