// The subcommands of resim, one source file each. Each adds itself to the application and, when
// chosen, stores its exit code (sim/cli/exit_codes.h) in `exit_code`.
#pragma once

#include <CLI/CLI.hpp>

namespace resim::cli {

void add_run_command(CLI::App& app, int& exit_code);
void add_validate_command(CLI::App& app, int& exit_code);
void add_analyze_command(CLI::App& app, int& exit_code);

}  // namespace resim::cli
