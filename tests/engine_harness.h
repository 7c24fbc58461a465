// Shared by the engine tests: run a scenario text and check estimates against exact values.
#pragma once

#include <catch2/catch.hpp>

#include <string>

#include "models/scenario.h"
#include "models/scenario_error.h"
#include "models/topology.h"
#include "sim/results.h"
#include "sim/runner.h"

namespace resim::test {

// The reported intervals are 95 %; tests accept a deviation up to the 99.9 % interval of the
// same estimate (half-width × z_0.9995 / z_0.975), so a correct engine fails a given check with
// probability 0.1 % — and, with fixed seeds, deterministically passes or fails.
inline constexpr double WIDEN_95_TO_999 = 3.2905267314919255 / 1.959963984540054;

struct Run {
  Results results;
  RunData data;
};

// `keep_logs`: also keep every outage and incident in run.data.totals (outage_log, failover_log).
inline Run simulate(const std::string& text, std::int64_t trials, std::uint64_t seed = 1,
                    int threads = 0, bool keep_logs = false) {
  const Topology topology(parse_scenario(text, "test.json"));
  RunOptions options = options_from(topology.scenario().settings);
  options.trials = trials;
  options.seed = seed;
  options.threads = threads;
  options.keep_logs = keep_logs;
  RunData data = run_trials(topology, options);
  Results results = summarize(topology, options, data);
  return Run{std::move(results), std::move(data)};
}

inline void check_within_interval(const Estimate& estimate, double exact) {
  INFO("estimate " << estimate.mean << " ± " << estimate.half_width << " (95 %), exact " << exact);
  REQUIRE(estimate.half_width > 0.0);
  CHECK(std::fabs(estimate.mean - exact) <= estimate.half_width * WIDEN_95_TO_999);
}

// The scenario text must fail to load with a ScenarioError at `pointer` whose message says
// `fragment`.
inline void check_error(const std::string& text, const std::string& pointer,
                        const std::string& fragment) {
  try {
    const Topology topology(parse_scenario(text, "bad.json"));
    FAIL("no error for " << pointer);
  } catch (const ScenarioError& error) {
    CHECK(error.pointer() == pointer);
    INFO(error.message());
    CHECK(error.message().find(fragment) != std::string::npos);
  }
}

}  // namespace resim::test
