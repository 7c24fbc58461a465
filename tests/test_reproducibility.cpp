// Same seed, same results: on any number of threads, and independent of chunk scheduling.
#include "engine_harness.h"
#include "reports/json_report.h"

namespace resim::test {
namespace {

const char* const SCENARIO =
    R"({"name": "repro", "settings": {"horizon": "30d"}, "service": "front",
  "regions": [{"name": "r", "mtbf": "2000h", "mttr": "3h",
               "zones": [{"name": "z1", "mtbf": "500h", "mttr": "1h"}, {"name": "z2", "mtbf": "500h", "mttr": "1h"}]}],
  "components": [
    {"name": "front", "region": "r", "per_zone": 2, "min_up": 2, "mtbf": "100h",
     "ttr": {"dist": "lognormal", "median": "20m", "p95": "2h"}, "requires": ["db"]},
    {"name": "db", "zones": ["z1", "z2"], "min_up": 1, "ttf": {"dist": "weibull", "shape": 1.3, "scale": "300h"},
     "ttr": {"dist": "gamma", "shape": 2, "scale": "30m"}}]})";

std::string results_json(int threads, std::uint64_t seed = 7) {
  // 1000 trials: many chunks of CHUNK_TRIALS, so threads really interleave.
  return results_to_json(simulate(SCENARIO, 1000, seed, threads).results).dump();
}

TEST_CASE("the same seed gives identical JSON on 1, 2 and 4 threads", "[reproducibility]") {
  const std::string one = results_json(1);
  CHECK(results_json(2) == one);
  CHECK(results_json(4) == one);
  CHECK(results_json(16) == one);
}

TEST_CASE("a different seed gives different results", "[reproducibility]") {
  CHECK(results_json(2, 8) != results_json(2, 7));
}

TEST_CASE("adding an element does not shift the draws of the others", "[reproducibility]") {
  // Streams are keyed by element name, so a component's failure times are the same with or
  // without an unrelated component beside it: the service's outage log must be identical.
  const std::string base =
      R"({"name": "t", "service": "a", "components": [{"name": "a", "mtbf": "100h", "mttr": "1h"})";
  const auto alone = simulate(base + "]}", 50, 3, 1, true);
  const auto with_other =
      simulate(base + R"(, {"name": "b", "mtbf": "10h", "mttr": "1h"}]})", 50, 3, 1, true);
  REQUIRE(alone.data.totals.outage_log.size() == with_other.data.totals.outage_log.size());
  for (std::size_t i = 0; i < alone.data.totals.outage_log.size(); ++i)
    CHECK(alone.data.totals.outage_log[i].duration_s ==
          with_other.data.totals.outage_log[i].duration_s);
}

}  // namespace
}  // namespace resim::test
