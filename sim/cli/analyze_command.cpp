// resim analyze: exact steady-state figures (and A(t) where the model is a small CTMC).
#include <array>
#include <iostream>
#include <memory>
#include <optional>

#include "models/analysis.h"
#include "models/topology.h"
#include "reports/analysis_report.h"
#include "reports/output_file.h"
#include "sim/cli/commands.h"
#include "sim/cli/exit_codes.h"
#include "sim/cli/processes.h"
#include "sim/cli/scenario_options.h"

namespace resim::cli {

namespace {

// A(t) is shown at round times from a minute up to the horizon: the transient from "everything
// up" lives at the scale of repair times, far below the horizon, where an even grid over the
// horizon only shows the steady state again and again.
constexpr std::array<double, 20> POINT_TIMES_S{
    60,        120,        300,        600,        900,         1800,       3600,
    2 * 3600,  4 * 3600,   8 * 3600,   12 * 3600,  86400,       2 * 86400,  3 * 86400,
    7 * 86400, 14 * 86400, 30 * 86400, 90 * 86400, 180 * 86400, 365 * 86400};

struct AnalyzeArguments {
  std::string scenario;
  std::string json_path;
  std::string method = "auto";
};

// A(t) from one minute to the horizon, where the model is a small enough CTMC.
std::optional<PointAvailability> transient(const Topology& topology) {
  if (!not_analysable_reasons(topology, AnalysisMethod::MARKOV).empty()) return std::nullopt;
  try {
    PointAvailability points;
    const double horizon = topology.scenario().settings.horizon_s;
    for (double t : POINT_TIMES_S)
      if (t < horizon) points.times_s.push_back(t);
    points.times_s.push_back(horizon);
    points.availability = point_availability(topology, points.times_s);
    return points;
  } catch (const AnalysisError&) {
    return std::nullopt;
  }
}

void print_reasons(const char* method, const std::vector<std::string>& reasons) {
  std::cerr << "not analysable exactly by the " << method << " (use 'resim run' to simulate it):\n";
  for (const auto& reason : reasons) std::cerr << "  - " << reason << "\n";
}

// auto: the decision diagram where it applies (any distributions, importance ranking), else the
// Markov chain (exponential models with failover groups or crews), else both methods' reasons.
std::optional<AnalysisResult> solve(const Topology& topology, const std::string& method) {
  const auto diagram_reasons = not_analysable_reasons(topology, AnalysisMethod::STEADY_STATE);
  const bool try_diagram = method == "diagram" || (method == "auto" && diagram_reasons.empty());
  try {
    if (try_diagram) {
      if (!diagram_reasons.empty()) {
        print_reasons("decision diagram", diagram_reasons);
        return std::nullopt;
      }
      return analyze_steady_state(topology);
    }
    const auto markov_reasons = not_analysable_reasons(topology, AnalysisMethod::MARKOV);
    if (!markov_reasons.empty()) {
      if (method == "auto") print_reasons("decision diagram", diagram_reasons);
      print_reasons("Markov chain", markov_reasons);
      return std::nullopt;
    }
    return analyze_markov(topology);
  } catch (const AnalysisError& error) {
    std::cerr << "not analysable exactly (use 'resim run' to simulate it): " << error.what()
              << "\n";
    return std::nullopt;
  }
}

int analyze(const AnalyzeArguments& args) {
  const Topology topology(load(args.scenario));
  const std::optional<AnalysisResult> solved = solve(topology, args.method);
  if (!solved) return EXIT_NOT_ANALYSABLE;
  const AnalysisResult& result = *solved;
  const auto points = transient(topology);
  if (!args.json_path.empty() && is_root_process())  // mpirun: rank 0 writes
    write_file_atomically(args.json_path,
                          analysis_to_json(topology, result, points).dump(2) + "\n");
  print_analysis(std::cout, topology, result, points);
  return EXIT_OK;
}

}  // namespace

void add_analyze_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<AnalyzeArguments>();
  CLI::App* cmd = app.add_subcommand(
      "analyze",
      "Exact steady-state availability, outage frequency and importance, without sampling");
  cmd->footer(
      "Exit code 3 when the model admits no exact answer (the reasons are printed).\n"
      "Examples:\n"
      "  resim analyze scenarios/three-zone-web.json\n"
      "  resim analyze my.json --json exact.json\n"
      "  resim analyze scenarios/two-region-active-passive.json --method markov");
  cmd->add_option("scenario", args->scenario,
                  "Scenario file (JSON); omitted: the embedded default");
  cmd->add_option("--json", args->json_path,
                  "Also write the analysis as JSON to this file. Example: --json exact.json");
  cmd->add_option("--method", args->method,
                  "auto (default): the decision diagram where it applies, else the Markov chain; "
                  "diagram: independent processes, any distributions, importance ranking; "
                  "markov: exponential models, with failover groups and repair crews")
      ->check(CLI::IsMember({"auto", "diagram", "markov"}));
  check_output_paths(*cmd, {"--json"});
  cmd->callback([args, &exit_code] { exit_code = analyze(*args); });
}

}  // namespace resim::cli
