// Generated scenarios far larger than any planner writes: the graph checks must be iterative
// (recursion 30 000 deep overflowed the stack) and linear (a 100 000-long chain was quadratic).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

#include "models/scenario.h"
#include "models/scenario_error.h"
#include "models/topology.h"

namespace {

constexpr int LEVELS = 100'000;

// c0 <- c1 <- ... <- c(n-1), each requiring the one before; with `cycle`, c0 requires the last.
std::string chain(int n, bool cycle) {
  nlohmann::json components = nlohmann::json::array();
  for (int i = 0; i < n; ++i) {
    nlohmann::json c = {{"name", "c" + std::to_string(i)}, {"mtbf", "1000h"}, {"mttr", "1h"}};
    if (i > 0) c["requires"] = {"c" + std::to_string(i - 1)};
    components.push_back(std::move(c));
  }
  if (cycle) components[0]["requires"] = {"c" + std::to_string(n - 1)};
  return nlohmann::json{
      {"name", "chain"}, {"service", "c" + std::to_string(n - 1)}, {"components", components}}
      .dump();
}

// Group g(i) has member g(i-1); the deepest group holds the one component.
std::string nested_groups(int n) {
  nlohmann::json groups = nlohmann::json::array();
  for (int i = 0; i < n; ++i)
    groups.push_back({{"name", "g" + std::to_string(i)},
                      {"members", {i == 0 ? std::string("db") : "g" + std::to_string(i - 1)}}});
  return nlohmann::json{{"name", "nested"},
                        {"service", "g" + std::to_string(n - 1)},
                        {"components", {{{"name", "db"}, {"mtbf", "1000h"}, {"mttr", "1h"}}}},
                        {"groups", groups}}
      .dump();
}

}  // namespace

TEST_CASE("a requires chain of 100 000 levels is valid", "[topology][scale]") {
  const resim::Topology topology(resim::parse_scenario(chain(LEVELS, false), "chain.json"));
  CHECK(topology.processes().size() == static_cast<std::size_t>(LEVELS));
  CHECK(topology.warnings().empty());
}

TEST_CASE("groups nested 100 000 deep are valid", "[topology][scale]") {
  const resim::Topology topology(resim::parse_scenario(nested_groups(LEVELS), "nested.json"));
  CHECK(topology.processes().size() == 1);
}

TEST_CASE("a cycle of 100 000 is an error naming its ends", "[topology][scale]") {
  try {
    const resim::Topology topology(resim::parse_scenario(chain(LEVELS, true), "cycle.json"));
    FAIL("a cycle was accepted");
  } catch (const resim::ScenarioError& error) {
    CHECK(error.pointer() == "/components/0/requires/0");
    CHECK_THAT(error.message(), Catch::StartsWith("dependency cycle: c0 needs c99999 needs"));
    CHECK_THAT(error.message(), Catch::Contains("(99989 more)"));
    CHECK(error.message().size() < 400);
  }
}
