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

int validate(const std::vector<std::string>& paths) {
  for (const auto& path : paths) {
    const Topology topology(load_scenario(path));
    const std::size_t targets = resolve_targets(topology).size();  // throws as `run` would
    std::cout << path << ": ok — '" << topology.scenario().name << "', "
              << topology.instance_count() << " instances, " << topology.processes().size()
              << " failure processes, service '" << topology.scenario().service << "', " << targets
              << " targets in " << topology.scenario().target_sets.size() << " sets\n";
    for (const auto& warning : topology.warnings()) std::cout << "  warning: " << warning << "\n";
  }
  return EXIT_OK;
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
