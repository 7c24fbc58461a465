// What ended a failover group's incidents: a promotion, or the failed member's return.
#include <cmath>

#include "engine_harness.h"

namespace resim::test {
namespace {

TEST_CASE("incidents end by return with probability 1 - exp(-D/m) under exponential repairs",
          "[failover][failover_end]") {
  // Exponential repairs of mean m = 1 min against a constant detection D = 30 s: the member is
  // back before detection ends with probability 1 - e^(-1/2). Those incidents last the repair
  // time (at most D); the others last D + switch-over exactly. The standby is down at a failure
  // with probability 1 min / 100 h, which moves the share by under 2e-4.
  const auto run = simulate(R"({"name": "t", "service": "db",
    "components": [{"name": "a", "mtbf": "100h", "mttr": "1m"}, {"name": "b", "mtbf": "100h", "mttr": "1m"}],
    "failover_groups": [{"name": "db", "detection": "30s", "switchover": "90s",
      "members": [{"name": "a"}, {"name": "b"}]}]})",
                            200);
  const auto& f = run.results.failovers.at(0);
  REQUIRE(f.rto_promoted.count + f.rto_returned.count == f.incidents);
  REQUIRE(f.rto_promoted.count == f.promotions);
  const auto returned = wilson_interval(f.rto_returned.count, f.incidents, 0.999);
  const double exact = 1.0 - std::exp(-0.5);
  INFO("returned " << f.rto_returned.count << " of " << f.incidents << ", exact share " << exact);
  CHECK(returned.low <= exact);
  CHECK(exact <= returned.high);
  CHECK(f.rto_returned.max_s <= 30.0);
  CHECK(f.rto_promoted.p50_s == Approx(120.0).epsilon(1e-9));
  CHECK(f.rto_promoted.max_s <= 120.0 + 60.0);  // a standby still repairing adds its repair
}

}  // namespace
}  // namespace resim::test
