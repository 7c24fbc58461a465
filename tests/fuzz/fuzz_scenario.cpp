// libFuzzer target: any byte string as a scenario file, through everything `resim run` does with
// it before reporting — parse, validate, compile, the work estimate, a few trials, the summary.
// A ScenarioError is the expected answer to bad input; anything else (a crash, a sanitizer
// report, another exception, a hang past -timeout, memory past -rss_limit_mb) is a finding.
#include <cstddef>
#include <cstdint>
#include <string>

#include "models/scenario.h"
#include "models/scenario_error.h"
#include "models/topology.h"
#include "sim/results.h"
#include "sim/runner.h"

namespace {

// Keep each input to milliseconds so the fuzzer explores breadth: the limits that protect a
// real run (docs/limits.md) are the ones under test, only tighter.
constexpr std::int64_t MAX_TRIALS = 4;
constexpr double MAX_HORIZON_S = 30.0 * 86400.0;
constexpr double MAX_EVENTS = 2e6;

void run(const std::string& text) {
  const resim::Topology topology(resim::parse_scenario(text, "fuzz.json"));
  resim::RunOptions options = resim::options_from(topology.scenario().settings);
  options.trials = std::min(options.trials, MAX_TRIALS);
  options.horizon_s = std::min(options.horizon_s, MAX_HORIZON_S);
  options.threads = 1;
  options.max_events = MAX_EVENTS;
  const resim::RunData data = resim::run_trials(topology, options);
  resim::summarize(topology, options, data);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  try {
    run(std::string(reinterpret_cast<const char*>(bytes), size));
  } catch (const resim::ScenarioError&) {
  }
  return 0;
}
