// resim compare: the paired difference of two designs that differ in one component against the
// exact difference, its interval against independent runs', and the command's output.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

#include "models/analysis.h"
#include "models/scenario.h"
#include "models/topology.h"
#include "sim/comparison.h"
#include "tests/cli_harness.h"
#include "tests/engine_harness.h"

namespace {

// A load balancer in series with a database; designs differ in one component's repair time.
std::string series(const std::string& name, const std::string& db_mttr,
                   const std::string& lb_mttr = "2h") {
  return nlohmann::json{{"name", name},
                        {"settings", {{"horizon", "1y"}, {"trials", 2000}, {"seed", 11}}},
                        {"service", "shop"},
                        {"components",
                         {{{"name", "lb"}, {"mtbf", "2000h"}, {"mttr", lb_mttr}},
                          {{"name", "db"}, {"mtbf", "500h"}, {"mttr", db_mttr}}}},
                        {"groups", {{{"name", "shop"}, {"members", {"lb", "db"}}, {"min_up", 2}}}}}
      .dump();
}

}  // namespace

TEST_CASE(
    "the paired difference of two designs matches the exact difference, and is narrower "
    "than independent runs'",
    "[compare]") {
  struct Case {
    std::string changed;
    std::string db_mttr, lb_mttr;
  };
  // Baseline: db repairs in 8h, lb in 2h. The database dominates downtime.
  for (const Case& change : {Case{"db", "2h", "2h"}, Case{"lb", "8h", "1h"}}) {
    INFO("faster repair of " << change.changed);
    const resim::Topology base(resim::parse_scenario(series("base", "8h"), "base.json"));
    const resim::Topology design(resim::parse_scenario(
        series("faster-" + change.changed, change.db_mttr, change.lb_mttr), "design.json"));
    const double exact = resim::analyze_steady_state(design).availability -
                         resim::analyze_steady_state(base).availability;
    const resim::Comparison c =
        resim::compare_designs({&base, &design}, resim::options_from(base.scenario().settings));
    REQUIRE(c.differences.size() == 1);
    const auto& d = *c.differences[0].metrics[0];  // availability
    INFO("paired " << d.paired.mean << " ± " << d.paired.half_width << ", independent ± "
                   << d.independent.half_width << ", exact " << exact);
    resim::test::check_within_interval(d.paired, exact);
    CHECK(d.paired.half_width < d.independent.half_width);
    CHECK(d.correlation > 0.0);
    // The paired mean is the difference of the designs' own means.
    CHECK(d.paired.mean ==
          Approx(c.designs[1].availability.mean - c.designs[0].availability.mean).epsilon(1e-9));
    // Changing the load balancer leaves the dominant database's outages identical in both
    // designs: nearly all of the independent runs' noise cancels.
    if (change.changed == "lb") CHECK(d.narrowing() > 5.0);
  }
}

TEST_CASE("each design in a comparison reports exactly what resim run does alone, on any threads",
          "[compare][cli]") {
  using namespace cli_harness;
  const TempDir dir;
  const std::string a = dir.write("slow.json", series("slow-db", "8h"));
  const std::string b = dir.write("fast.json", series("fast-db", "2h"));
  const Outcome one = cli_harness::resim("compare " + quoted(a) + " " + quoted(b) +
                                         " -n 300 -j 1 -q --json " + quoted(dir.file("c1.json")));
  REQUIRE(one.code == 0);
  const Outcome two = cli_harness::resim("compare " + quoted(a) + " " + quoted(b) +
                                         " -n 300 -j 2 --json " + quoted(dir.file("c2.json")));
  REQUIRE(two.code == 0);
  CHECK_THAT(two.out, Catch::Contains("narrower"));
  auto c1 = nlohmann::json::parse(slurp(dir.file("c1.json")));
  auto c2 = nlohmann::json::parse(slurp(dir.file("c2.json")));
  CHECK(c1.at("differences") == c2.at("differences"));  // bit-identical on 1 and 2 threads
  for (int i = 0; i < 2; ++i) {
    const std::string path = i == 0 ? a : b;
    REQUIRE(cli_harness::resim("run " + quoted(path) + " -n 300 -j 1 -q --json " +
                               quoted(dir.file("r.json")))
                .code == 0);
    CHECK(c1.at("designs").at(i) == nlohmann::json::parse(slurp(dir.file("r.json"))));
  }
  const auto& availability = c1.at("differences").at(0).at("metrics").at("availability");
  CHECK(availability.at("ci95").at(0).get<double>() <= availability.at("mean").get<double>());
  CHECK(availability.at("narrowing").get<double>() > 1.0);
}

TEST_CASE("compare needs two designs", "[compare][cli]") {
  using namespace cli_harness;
  const TempDir dir;
  const Outcome r = cli_harness::resim("compare " + quoted(dir.write("a.json", series("a", "1h"))));
  CHECK(r.code == 2);
  CHECK_FALSE(r.err.empty());
}
