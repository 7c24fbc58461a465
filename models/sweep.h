// What-if sweeps: points that each set values at JSON pointers of one scenario, from a grid of
// --set lists (every combination, or zipped), or from a sweep file naming the points.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

#include "models/scenario.h"

namespace resim {

// One --set: a JSON pointer and the values it takes.
struct SweepAxis {
  std::string pointer;
  std::vector<nlohmann::json> values;
};

struct SweepPoint {
  std::string name;  // "/components/1/mttr=2h" or the sweep file's
  std::vector<std::pair<std::string, nlohmann::json>> set;
};

// "/components/1/mttr=2h,4h,8h" -> the axis. Each value is JSON when it parses as JSON (30, true,
// "x", [1,2]) and a string otherwise (2h); commas inside brackets or quotes do not split.
// Throws std::invalid_argument saying what to write.
SweepAxis parse_sweep_axis(const std::string& text);

// Every combination, the first axis varying slowest; or with `zip`, the i-th value of every
// axis (they need the same length). Throws std::invalid_argument.
std::vector<SweepPoint> sweep_grid(const std::vector<SweepAxis>& axes, bool zip);

// {"points": [{"name": "fast-db", "set": {"/components/1/mttr": "2h"}}, ...]}; ScenarioError
// naming the file and pointer when it is malformed.
std::vector<SweepPoint> load_sweep_file(const std::string& path);

// The scenario of one point: `document` (the scenario file's JSON) with the point's values set,
// then parsed as usual, so a bad value gets the parser's error at its pointer. A pointer whose
// parent does not exist, or under /settings (every point shares the run's settings, or its
// trials would not pair), is a ScenarioError naming it.
Scenario sweep_point_scenario(const nlohmann::json& document, const std::string& file,
                              const SweepPoint& point);

}  // namespace resim
