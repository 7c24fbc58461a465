#include "sim/cli/output.h"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <iostream>

#include "sim/cli/processes.h"

namespace resim::cli {

// Under mpirun every rank computes the same results; rank 0 alone writes them.
void write_output(const std::string& path, const std::string& contents) {
  if (!is_root_process()) return;
  if (path == STDOUT_PATH) {
    std::cout << contents << std::flush;
    return;
  }
  write_file_atomically(path, contents);
}

StreamedOutput::StreamedOutput(const std::string& path) : root_(is_root_process()) {
  if (root_ && path != STDOUT_PATH) file_.emplace(path);
}

void StreamedOutput::write(std::string_view data) {
  if (file_)
    file_->write(data);
  else if (root_)
    std::cout << data;
}

void StreamedOutput::commit() {
  if (file_)
    file_->commit();
  else if (root_)
    std::cout << std::flush;
}

namespace {

// Writing the results over the scenario they came from would destroy the input.
std::string refuse_input(std::string path, const std::string& option,
                         const std::string& scenario_path) {
  std::error_code error;
  if (path != STDOUT_PATH && !scenario_path.empty() &&
      std::filesystem::equivalent(path, scenario_path, error))
    throw CLI::ValidationError(option, "'" + path + "' is the scenario file " + scenario_path +
                                           "; write the output elsewhere, e.g. results.json");
  return path;
}

}  // namespace

std::string output_path_for(const std::string& pattern, const std::string& option,
                            const std::string& scenario_path, std::size_t scenario_count) {
  const auto brace = pattern.find("{}");
  if (brace == std::string::npos) {
    if (scenario_count > 1 && pattern != STDOUT_PATH)
      throw CLI::ValidationError(option, "'" + pattern + "' would be written by each of " +
                                             std::to_string(scenario_count) +
                                             " scenarios; write e.g. 'out/{}.json', where {} "
                                             "stands for each scenario file's stem");
    return refuse_input(pattern, option, scenario_path);
  }
  const std::string stem =
      scenario_path.empty() ? "default" : std::filesystem::path(scenario_path).stem().string();
  return refuse_input(pattern.substr(0, brace) + stem + pattern.substr(brace + 2), option,
                      scenario_path);
}

}  // namespace resim::cli
