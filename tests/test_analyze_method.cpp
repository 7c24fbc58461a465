// resim analyze --method: the decision diagram where it applies, the Markov chain for failover
// groups and crews (issue 7: a hot-standby pair was refused with advice to use a method the
// command line did not offer).
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "cli_harness.h"
#include "models/analysis.h"
#include "models/scenario.h"
#include "models/topology.h"

namespace {

using cli_harness::quoted;
using cli_harness::TempDir;

const char* const HOT_PAIR = R"({"name": "hot-pair", "service": "db",
  "components": [{"name": "p", "ttf": {"dist": "exponential", "mean": "1000h"}, "ttr": {"dist": "exponential", "mean": "1h"}},
                 {"name": "s", "ttf": {"dist": "exponential", "mean": "1000h"}, "ttr": {"dist": "exponential", "mean": "1h"}}],
  "failover_groups": [{"name": "db", "members": [{"name": "p"}, {"name": "s"}], "failback": "none",
    "detection": {"dist": "exponential", "mean": "30s"}, "switchover": {"dist": "exponential", "mean": "2m"}}]})";

// 2 of 3 exponential units: independent, so both methods apply and must agree.
const char* const TWO_OF_THREE = R"({"name": "two-of-three", "service": "web",
  "components": [{"name": "web", "count": 3, "min_up": 2,
                  "ttf": {"dist": "exponential", "mean": "500h"}, "ttr": {"dist": "exponential", "mean": "5h"}}]})";

}  // namespace

TEST_CASE("analyze picks the Markov chain for a hot-standby pair and never names a missing method",
          "[analyze]") {
  TempDir dir;
  const std::string file = dir.write("hot.json", HOT_PAIR);
  const auto automatic = cli_harness::resim("analyze " + quoted(file));
  INFO(automatic.err);
  REQUIRE(automatic.code == 0);
  CHECK(automatic.out.find("continuous-time Markov chain") != std::string::npos);
  const auto markov = cli_harness::resim("analyze " + quoted(file) + " --method markov");
  CHECK(markov.code == 0);
  CHECK(markov.out == automatic.out);
  const auto diagram = cli_harness::resim("analyze " + quoted(file) + " --method diagram");
  CHECK(diagram.code == 3);
  CHECK(diagram.err.find("--method markov") != std::string::npos);
  CHECK(diagram.err.find("Markov method") == std::string::npos);
  const auto bad = cli_harness::resim("analyze " + quoted(file) + " --method exact");
  CHECK(bad.code == 2);
}

TEST_CASE("the Markov chain's availability and outage frequency equal the decision diagram's",
          "[analyze]") {
  const resim::Topology topology(resim::parse_scenario(TWO_OF_THREE, "two-of-three.json"));
  const resim::AnalysisResult diagram = resim::analyze_steady_state(topology);
  const resim::AnalysisResult markov = resim::analyze_markov(topology);
  CHECK(markov.method == "markov");
  // Closed form: q = 5/505 per unit, U = 3 q^2 (1 - q) + q^3; the frequency and mean outage
  // from the chain must equal the diagram's (independent processes) to rounding.
  const double q = 5.0 / 505.0;
  CHECK(markov.unavailability == Approx(3 * q * q * (1 - q) + q * q * q).epsilon(1e-9));
  CHECK(markov.unavailability == Approx(diagram.unavailability).epsilon(1e-9));
  CHECK(markov.failure_frequency_per_s == Approx(diagram.failure_frequency_per_s).epsilon(1e-9));
  CHECK(markov.mean_outage_s == Approx(diagram.mean_outage_s).epsilon(1e-9));
}
