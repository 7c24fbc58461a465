// Capacity and demand: degraded time and request-weighted availability against closed forms.
#include "engine_harness.h"

namespace resim::test {
namespace {

// Three zones, each down with probability U independently; 2 instances of capacity 100 per
// zone that never fail by themselves, so capacity up is 200 × (zones up).
std::string zones_scenario(const std::string& demand) {
  return R"({"name": "t", "service": "web",
    "regions": [{"name": "r", "zones": [{"name": "z1", "mtbf": "9h", "mttr": "1h"},
                                        {"name": "z2", "mtbf": "9h", "mttr": "1h"},
                                        {"name": "z3", "mtbf": "9h", "mttr": "1h"}]}],
    "components": [{"name": "web", "region": "r", "per_zone": 2, "capacity": 100, "demand": )" +
         demand + R"(,
                    "ttf": {"dist": "constant", "value": "100y"}, "mttr": "1m"}]})";
}

constexpr double A = 0.9, U = 0.1;  // each zone: 9 h up, 1 h down

TEST_CASE("losing one of three zones at a constant demand: degraded time and served fraction",
          "[capacity]") {
  // Demand 500: three zones (600) carry it; two (400) serve 80 %; one (200) serves 40 %.
  const auto run = simulate(zones_scenario("500"), 100);
  const double p3 = A * A * A, p2 = 3 * A * A * U, p1 = 3 * A * U * U;
  check_within_interval(run.results.availability, 1.0 - U * U * U);
  check_within_interval(*run.results.degraded_per_year_s, (p2 + p1) * 8760.0 * 3600.0);
  check_within_interval(*run.results.served_fraction, p3 + p2 * 0.8 + p1 * 0.4);
}

TEST_CASE("a daily profile: one zone lost is degraded only at peak", "[capacity]") {
  // 12 peak hours at 500, 12 quiet hours at 300; the horizon (1 y = 365 d) holds whole days.
  // Two zones (400) are short only at peak; one zone (200) is short always.
  const auto run = simulate(
      zones_scenario(R"({"profile": [300, 300, 300, 300, 300, 300, 500, 500, 500, 500, 500, 500,
                                                          500, 500, 500, 500, 500, 500, 300, 300, 300, 300, 300, 300]})"),
      100);
  const double p3 = A * A * A, p2 = 3 * A * A * U, p1 = 3 * A * U * U;
  check_within_interval(*run.results.degraded_per_year_s, (0.5 * p2 + p1) * 8760.0 * 3600.0);
  const double served =
      p3 + p2 * (0.5 * 0.8 + 0.5 * 1.0) + p1 * (0.5 * 0.4 + 0.5 * (200.0 / 300.0));
  check_within_interval(*run.results.served_fraction, served);
}

TEST_CASE("a group's demand is carried by its members: one of three zonal components lost",
          "[capacity]") {
  // The same arithmetic as above, with the demand on a group of three per-zone components.
  std::string components;
  for (int z = 1; z <= 3; ++z)
    components +=
        std::string(z > 1 ? ", " : "") + R"({"name": "web)" + std::to_string(z) +
        R"(", "zones": ["z)" + std::to_string(z) +
        R"("], "per_zone": 2, "capacity": 100, "ttf": {"dist": "constant", "value": "100y"}, "mttr": "1m"})";
  const auto run = simulate(R"({"name": "t", "service": "web",
    "regions": [{"name": "r", "zones": [{"name": "z1", "mtbf": "9h", "mttr": "1h"},
                                        {"name": "z2", "mtbf": "9h", "mttr": "1h"},
                                        {"name": "z3", "mtbf": "9h", "mttr": "1h"}]}],
    "components": [)" + components +
                                R"(],
    "groups": [{"name": "web", "members": ["web1", "web2", "web3"], "demand": 500}]})",
                            100);
  const double p3 = A * A * A, p2 = 3 * A * A * U, p1 = 3 * A * U * U;
  check_within_interval(*run.results.degraded_per_year_s, (p2 + p1) * 8760.0 * 3600.0);
  check_within_interval(*run.results.served_fraction, p3 + p2 * 0.8 + p1 * 0.4);
}

TEST_CASE("no demand, no capacity figures", "[capacity]") {
  const auto run = simulate(
      R"({"name": "t", "service": "a", "components": [{"name": "a", "mtbf": "9h", "mttr": "1h"}]})",
      10);
  CHECK_FALSE(run.results.served_fraction.has_value());
  CHECK_FALSE(run.results.degraded_per_year_s.has_value());
}

}  // namespace
}  // namespace resim::test
