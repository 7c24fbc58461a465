// resim compare: designs side by side, and each one's paired difference to the first.
#pragma once

#include <nlohmann/json.hpp>

#include <ostream>

#include "sim/comparison.h"

namespace resim {

void print_comparison(std::ostream& out, const Comparison& comparison);

// {"designs": [results...], "baseline": ..., "differences": [...]} (docs/results-format.md).
nlohmann::json comparison_to_json(const Comparison& comparison);

}  // namespace resim
