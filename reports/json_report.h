// The machine-readable results; docs/results-format.md is its schema.
#pragma once

#include <nlohmann/json.hpp>

#include "sim/results.h"

namespace resim {

inline constexpr int RESULTS_FORMAT_VERSION = 1;

// Deterministic for a given scenario, seed and trial count: no wall-clock time or thread count,
// so results from any number of threads compare equal.
nlohmann::json results_to_json(const Results& results);

}  // namespace resim
