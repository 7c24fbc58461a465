// The subcommands of resim, one source file each. Each adds itself to the application and, when
// chosen, stores its exit code (sim/cli/exit_codes.h) in `exit_code`.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "reports/chart_renderer.h"

namespace resim::cli {

void add_run_command(CLI::App& app, int& exit_code);
void add_validate_command(CLI::App& app, int& exit_code);
void add_analyze_command(CLI::App& app, int& exit_code);
void add_report_command(CLI::App& app, int& exit_code);
void add_compare_command(CLI::App& app, int& exit_code);
void add_sweep_command(CLI::App& app, int& exit_code);
void add_replay_command(CLI::App& app, int& exit_code);

// --top and --python, for every command that can write a report (--report DIR).
void add_report_options(CLI::App& command, ChartRendererOptions& renderer);
// --python alone, for commands that draw a chart but write no report (replay --chart).
void add_python_option(CLI::App& command, ChartRendererOptions& renderer);

// --report DIR: the JSON goes into DIR as `json_name` too (unless `json_path` names another
// file), then the chart package draws from it. Returns its exit code (2 without Python: the
// command itself has still run and printed).
int write_report_into(const std::string& dir, const std::string& json_path, const std::string& json,
                      const std::string& json_name, const ChartRendererOptions& renderer);

}  // namespace resim::cli
