// resim validate: check scenario files without running them.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "models/topology.h"
#include "sim/cli/commands.h"
#include "sim/cli/exit_codes.h"
#include "sim/target_observer.h"

namespace resim::cli {

namespace {

void validate_one(const std::string& path) {
  const Topology topology(load_scenario(path));
  const std::size_t targets = resolve_targets(topology).size();  // throws as `run` would
  std::cout << path << ": ok — '" << topology.scenario().name << "', " << topology.instance_count()
            << " instances, " << topology.processes().size() << " failure processes, service '"
            << topology.scenario().service << "', " << targets << " targets in "
            << topology.scenario().target_sets.size() << " sets\n";
  for (const auto& warning : topology.warnings()) std::cout << "  warning: " << warning << "\n";
}

// Every file is checked and every error reported, so one run lists all that a batch must fix.
int validate(const std::vector<std::string>& paths) {
  int code = EXIT_OK;
  for (const auto& path : paths) {
    try {
      validate_one(path);
    } catch (const std::exception& error) {
      std::cerr << "error: " << error.what() << "\n";
      code = EXIT_BAD_INPUT;
    }
  }
  return code;
}

}  // namespace

void add_validate_command(CLI::App& app, int& exit_code) {
  auto paths = std::make_shared<std::vector<std::string>>();
  CLI::App* cmd = app.add_subcommand("validate", "Check scenario files without running them");
  cmd->footer("Example:\n  resim validate scenarios/*.json");
  cmd->add_option("scenarios", *paths, "Scenario files")->required();
  cmd->callback([paths, &exit_code] { exit_code = validate(*paths); });
}

}  // namespace resim::cli
