// --precision: stops once the interval is as narrow as asked (or at the cap, saying so), and its
// results are exactly those of a plain run with the trials it ended with, on any threads.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

#include "sim/precision.h"
#include "tests/cli_harness.h"

TEST_CASE("precision runs stop within the half-width and equal a plain run", "[precision][cli]") {
  using cli_harness::quoted;
  using cli_harness::slurp;
  const cli_harness::TempDir dir;
  const std::string scenario =
      quoted((std::filesystem::path(RESIM_SOURCE_DIR) / "scenarios/single-zone-web.json").string());
  const std::string goals = " --precision availability=1e-4 --precision rto_p99=1h";
  for (const std::string threads : {"1", "2"}) {
    REQUIRE(cli_harness::resim("run " + scenario + " -n 100 -q -j " + threads + goals + " --json " +
                               quoted(dir.file("p" + threads + ".json")))
                .code == 0);
  }
  const auto p1 = nlohmann::json::parse(slurp(dir.file("p1.json")));
  CHECK(p1 == nlohmann::json::parse(slurp(dir.file("p2.json"))));  // deterministic
  const auto& precision = p1.at("precision");
  CHECK(precision.at("reached").get<bool>());
  for (const auto& goal : precision.at("goals")) {
    INFO(goal.dump());
    CHECK(goal.at("achieved_half_width").get<double>() <= goal.at("half_width").get<double>());
  }
  // The availability interval reported is the one that was judged.
  const auto ci = p1.at("availability").at("ci95");
  CHECK((ci.at(1).get<double>() - ci.at(0).get<double>()) / 2 <= 1e-4);
  const auto trials = precision.at("trials").get<std::int64_t>();
  CHECK(trials > 100);  // 100 trials were not enough
  CHECK(trials % 64 == 0);
  REQUIRE(cli_harness::resim("run " + scenario + " -q -j 2 -n " + std::to_string(trials) +
                             " --json " + quoted(dir.file("plain.json")))
              .code == 0);
  auto without = p1;
  without.erase("precision");
  CHECK(without == nlohmann::json::parse(slurp(dir.file("plain.json"))));

  // Unreachable within the cap: says so, and ran exactly the cap.
  REQUIRE(cli_harness::resim("run " + scenario +
                             " -n 64 -q --precision availability=1e-9 --max-trials 300 --json " +
                             quoted(dir.file("cap.json")))
              .code == 0);
  const auto cap = nlohmann::json::parse(slurp(dir.file("cap.json")));
  CHECK_FALSE(cap.at("precision").at("reached").get<bool>());
  CHECK(cap.at("run").at("trials") == 300);
}

TEST_CASE("precision goals parse or say what to write", "[precision]") {
  CHECK(resim::parse_precision_goal("availability=1e-5").half_width == 1e-5);
  const auto rto = resim::parse_precision_goal("rto_p99=60s");
  CHECK(rto.quantile == Approx(0.99));
  CHECK(rto.half_width == 60.0);
  CHECK(resim::parse_precision_goal("downtime_per_year=10m").half_width == 600.0);
  for (const std::string bad :
       {"availability", "availability=-1", "rto_p99=60", "nines=1", "rto_p150=1h"}) {
    INFO(bad);
    CHECK_THROWS_AS(resim::parse_precision_goal(bad), std::invalid_argument);
  }
  CHECK(cli_harness::resim("run -n 10 --precision frob=1").code == 2);
}
