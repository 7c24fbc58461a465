// resim sweep: one row per point, with its difference to the first point (the baseline).
#pragma once

#include <nlohmann/json.hpp>

#include <ostream>
#include <string>
#include <vector>

#include "models/sweep.h"
#include "sim/comparison.h"

namespace resim {

// `comparison.designs[i]` is point i's results; its differences are to point 0.
void print_sweep(std::ostream& out, const std::vector<SweepPoint>& points,
                 const Comparison& comparison);

// {"baseline": name, "points": [{"name", "set", "results", "difference"}]}.
nlohmann::json sweep_to_json(const std::vector<SweepPoint>& points, const Comparison& comparison);

// A header and one row per point (docs/results-format.md), numbers in full precision.
std::string sweep_to_csv(const std::vector<SweepPoint>& points, const Comparison& comparison);

}  // namespace resim
