// The scale benchmark: per-event cost of the engine over generated models of 10 to 10 000
// instances, so that a change that makes the engine grow with model size shows up as a number.
#pragma once

#include <cstdint>
#include <string>

namespace resim_bench {

// A generated scenario of `instances` component instances (10, 100, 1 000, 10 000, or any
// 9·t·p + 1): 3 regions × 3 zones, each region a requires chain of t k-of-n tiers of p
// instances per zone, the service two of the three regions and one external dependency.
std::string scale_scenario_json(std::int64_t instances);

// Runs each size in a child process (so that peak memory is that size's alone) and prints ns
// per event, events per trial-year and peak memory. `events_per_size` sets how many events each
// size simulates. Returns 0, or 2 when a child failed.
int run_scale(std::int64_t events_per_size);

}  // namespace resim_bench
