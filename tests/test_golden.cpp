// Golden results over every bundled scenario: a fixed seed and trial count must reproduce the
// stored JSON. After an intended change of results, regenerate with
//   RESIM_UPDATE_GOLDEN=1 ./build/tests/resim_tests "[golden]"
// and review the diff of tests/golden/ like any other change.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine_harness.h"
#include "reports/json_report.h"
#include "reports/output_file.h"

namespace resim::test {
namespace {

namespace fs = std::filesystem;
constexpr std::int64_t GOLDEN_TRIALS = 300;
constexpr std::uint64_t GOLDEN_SEED = 20261122;

std::vector<fs::path> bundled_scenarios() {
  std::vector<fs::path> paths;
  for (const auto& entry : fs::directory_iterator(fs::path(RESIM_SOURCE_DIR) / "scenarios"))
    if (entry.path().extension() == ".json") paths.push_back(entry.path());
  std::sort(paths.begin(), paths.end());
  return paths;
}

nlohmann::json run_scenario(const fs::path& path) {
  const Topology topology(load_scenario(path.string()));
  RunOptions options = options_from(topology.scenario().settings);
  options.trials = GOLDEN_TRIALS;
  options.seed = GOLDEN_SEED;
  nlohmann::json out = results_to_json(summarize(topology, options, run_trials(topology, options)));
  out["scenario"]["file"] = path.filename().string();  // independent of the checkout's location
  return out;
}

// Numbers may differ in the last bits between compilers or libm versions; nothing else may.
void compare(const nlohmann::json& expected, const nlohmann::json& actual,
             const std::string& where) {
  INFO(where);
  if (expected.is_number() && actual.is_number()) {
    const double e = expected.get<double>(), a = actual.get<double>();
    CHECK(std::fabs(e - a) <= 1e-9 * std::max(1.0, std::fabs(e)));
    return;
  }
  REQUIRE(expected.type() == actual.type());
  if (expected.is_object()) {
    REQUIRE(expected.size() == actual.size());
    for (const auto& item : expected.items()) {
      REQUIRE(actual.contains(item.key()));
      compare(item.value(), actual.at(item.key()), where + "/" + item.key());
    }
  } else if (expected.is_array()) {
    REQUIRE(expected.size() == actual.size());
    for (std::size_t i = 0; i < expected.size(); ++i)
      compare(expected[i], actual[i], where + "/" + std::to_string(i));
  } else {
    CHECK(expected == actual);
  }
}

TEST_CASE("every bundled scenario reproduces its golden results", "[golden]") {
  const auto scenarios = bundled_scenarios();
  REQUIRE(scenarios.size() >= 3);
  const bool update = std::getenv("RESIM_UPDATE_GOLDEN") != nullptr;
  for (const auto& path : scenarios) {
    SECTION(path.filename().string()) {
      const nlohmann::json actual = run_scenario(path);
      const fs::path golden = fs::path(RESIM_SOURCE_DIR) / "tests" / "golden" / path.filename();
      if (update) {
        write_file_atomically(golden.string(), actual.dump(2) + "\n");
        WARN("updated " << golden);
        continue;
      }
      std::ifstream in(golden);
      INFO("missing golden file " << golden << ": run with RESIM_UPDATE_GOLDEN=1 to create it");
      REQUIRE(in.good());
      compare(nlohmann::json::parse(in), actual, path.filename().string());
    }
  }
}

}  // namespace
}  // namespace resim::test
