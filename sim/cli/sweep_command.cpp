// resim sweep: one scenario over a grid (or zip) of values set at JSON pointers, or over the
// points of a sweep file; every point runs the same trials as the first, which is the baseline
// of the paired differences.
#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "models/json_document.h"
#include "models/sweep.h"
#include "models/topology.h"
#include "reports/sweep_report.h"
#include "sim/cli/commands.h"
#include "sim/cli/exit_codes.h"
#include "sim/cli/output.h"
#include "sim/cli/scenario_options.h"
#include "sim/comparison.h"

namespace resim::cli {

namespace {

struct SweepArguments {
  std::string scenario;
  std::vector<std::string> sets;
  std::string points_file;
  bool zip = false;
  SimulationFlags flags;
  std::string json_path;
  std::string csv_path;
  std::string report_dir;
  ChartRendererOptions renderer;
};

std::vector<SweepPoint> sweep_points(const SweepArguments& args) {
  if (!args.points_file.empty()) {
    if (!args.sets.empty())
      throw CLI::ValidationError("--points", "give either --points or --set, not both");
    return load_sweep_file(args.points_file);
  }
  if (args.sets.empty())
    throw CLI::ValidationError("--set",
                               "name what to vary, e.g. --set /components/1/mttr=2h,4h,8h, or "
                               "give a sweep file with --points");
  std::vector<SweepAxis> axes;
  try {
    for (const auto& set : args.sets) axes.push_back(parse_sweep_axis(set));
    return sweep_grid(axes, args.zip);
  } catch (const std::invalid_argument& error) {
    throw CLI::ValidationError("--set", error.what());
  }
}

int sweep(const SweepArguments& args) {
  load_scenario(args.scenario);  // the file itself must be valid, with its own positions
  std::ifstream in(args.scenario, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  const nlohmann::json document = parse_json_document(text.str(), args.scenario);

  const std::vector<SweepPoint> points = sweep_points(args);
  std::vector<std::unique_ptr<Topology>> topologies;
  std::vector<const Topology*> designs;
  for (const auto& point : points) {
    topologies.push_back(
        std::make_unique<Topology>(sweep_point_scenario(document, args.scenario, point)));
    designs.push_back(topologies.back().get());
  }
  const RunOptions options = run_options(args.flags, designs.front()->scenario());
  const Comparison comparison = compare_designs(designs, options);
  const std::string json = sweep_to_json(points, comparison).dump(2) + "\n";
  if (!args.json_path.empty()) write_output(args.json_path, json);
  if (!args.csv_path.empty()) write_output(args.csv_path, sweep_to_csv(points, comparison));
  if (!args.flags.quiet && args.json_path != STDOUT_PATH && args.csv_path != STDOUT_PATH)
    print_sweep(std::cout, points, comparison);
  if (!args.report_dir.empty())
    return write_report_into(args.report_dir, args.json_path, json, "sweep.json", args.renderer);
  return EXIT_OK;
}

}  // namespace

void add_sweep_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<SweepArguments>();
  CLI::App* cmd = app.add_subcommand(
      "sweep",
      "Run one scenario over values set at JSON pointers; paired differences to the first point");
  cmd->footer(
      "Values parse as JSON where they can (3, true, \"x\") and are strings otherwise (2h). The "
      "first point (the first value of every --set) is the baseline. A sweep file lists named "
      "points: {\"points\": [{\"name\": \"fast\", \"set\": {\"/components/1/mttr\": \"2h\"}}]}.\n"
      "Examples:\n"
      "  resim sweep scenarios/single-zone-web.json --set /components/3/mttr=2h,1h,30m\n"
      "  resim sweep my.json --set /components/0/per_zone=1,2 --set /components/1/mttr=4h,1h "
      "--csv points.csv\n"
      "  resim sweep my.json --set /components/0/mttr=1h,2h --set /components/1/mttr=3h,6h --zip\n"
      "  resim sweep my.json --points what-ifs.json --json sweep.json\n"
      "  resim sweep my.json --set /components/1/mttr=2h,4h,8h --report sweep-report/");
  cmd->add_option("scenario", args->scenario, "Scenario file (JSON)")->required();
  cmd->add_option("--set", args->sets,
                  "POINTER=V1,V2,...: the values to set at a JSON pointer; repeat for a grid. "
                  "Example: --set /components/1/mttr=2h,4h");
  cmd->add_flag("--zip", args->zip,
                "Pair the --set lists element by element instead of every combination");
  cmd->add_option("--points", args->points_file, "A sweep file naming the points");
  add_simulation_flags(*cmd, args->flags);
  cmd->add_option("--json", args->json_path,
                  "Also write every point's results and difference as JSON; '-' for standard "
                  "output");
  cmd->add_option("--csv", args->csv_path,
                  "Also write one CSV row per point; '-' for standard output");
  cmd->add_option("--report", args->report_dir,
                  "Also write an HTML report, a Markdown summary and charts of every point into "
                  "this directory, with sweep.json unless --json names another file (see 'resim "
                  "report'). Example: --report sweep-report/");
  add_report_options(*cmd, args->renderer);
  check_output_paths(*cmd, {"--json", "--csv"}, {"--report"});
  cmd->callback([args, &exit_code] { exit_code = sweep(*args); });
}

}  // namespace resim::cli
