// Memory does not grow with the trial count: what a run keeps is histograms and sums.
#include "engine_harness.h"

namespace resim::test {
namespace {

TEST_CASE("the accumulators are the same size after 10^3 and 10^5 trials", "[memory]") {
  // About 12 outages per trial: by 10^3 trials every histogram holds over EXACT_LIMIT values,
  // so both runs have left the exact buffers for the fixed bin windows. With stored outages
  // the second run would keep 100 times as many.
  const std::string text = R"({"name": "m", "settings": {"horizon": "1d"}, "service": "a",
    "targets": {"availability": 0.9, "rto": "70m"},
    "components": [{"name": "a", "mtbf": "2h", "ttr": {"dist": "lognormal", "median": "5m", "p95": "1h"}}]})";
  const auto small = simulate(text, 1000, 1, 2);
  const auto large = simulate(text, 100000, 1, 2);
  REQUIRE(small.data.totals.outage_durations.count() > 10000);
  REQUIRE_FALSE(small.data.totals.trial_downtime_s.exact());
  CHECK(large.data.totals.outage_durations.count() >
        90 * small.data.totals.outage_durations.count());
  CHECK(large.data.totals.memory_bytes() == small.data.totals.memory_bytes());
  CHECK(large.data.totals.memory_bytes() < 1024 * 1024);
  CHECK(large.data.totals.outage_log.empty());
}

TEST_CASE("resim run skips the exact comparison on a model too large for it", "[memory]") {
  // 1001 independent processes: one unplaced component with that many instances.
  const std::string text = R"({"name": "big", "settings": {"horizon": "1d"}, "service": "a",
    "components": [{"name": "a", "count": 1001, "min_up": 1, "mtbf": "100y", "mttr": "1h"}]})";
  auto run = simulate(text, 2, 1, 1);
  const Topology topology(parse_scenario(text, "test.json"));
  REQUIRE(topology.processes().size() > MAX_PROCESSES_FOR_EXACT_IN_RUN);
  compare_with_exact(run.results, topology);
  CHECK_FALSE(run.results.exact_availability);
  REQUIRE_FALSE(run.results.warnings.empty());
  CHECK(run.results.warnings.back().find("exact steady-state comparison was skipped") !=
        std::string::npos);
}

}  // namespace
}  // namespace resim::test
