// Capacity and demand: degraded time and request-weighted availability against closed forms.
#include <cmath>

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

// A failover group carrying demand 100: primary a (capacity 100; exponential, MTBF 100 h, MTTR
// 4 h) and a standby b that never fails, promoted after 30 s of detection; the primary takes
// over again the moment it is back (a zero-length failback).
std::string failover_demand(const std::string& standby_capacity, const std::string& standby) {
  return R"({"name": "t", "service": "db",
    "components": [{"name": "a", "capacity": 100, "mtbf": "100h", "mttr": "4h"},
                   {"name": "b", "capacity": )" +
         standby_capacity + R"(, "ttf": {"dist": "constant", "value": "100y"}, "mttr": "1m"}],
    "failover_groups": [{"name": "db", "detection": "30s", "switchover": "0s",
      "failback": "automatic", "failback_duration": "0s", "demand": 100,
      "members": [{"name": "a"}, {"name": "b")" +
         standby + R"(}]}]})";
}

constexpr double MTBF_H = 100.0, MTTR_H = 4.0, DETECTION_H = 30.0 / 3600.0;
constexpr double FAILURES_PER_YEAR = 8760.0 / (MTBF_H + MTTR_H);  // transient: +1.5e-3
// Per failure: the outage lasts min(R, d); the standby serves (R - d)+, of mean e^{-d/m}·m.
const double OUTAGE_H = MTTR_H * (1.0 - std::exp(-DETECTION_H / MTTR_H));
const double STANDBY_H = std::exp(-DETECTION_H / MTTR_H) * MTTR_H;

TEST_CASE("a failover group's demand is served by its serving member alone: a smaller standby",
          "[capacity]") {
  // b has half the capacity: degraded the whole time it serves, at half the demand.
  const auto run = simulate(failover_demand("50", ""), 200);
  check_within_interval(*run.results.degraded_per_year_s,
                        FAILURES_PER_YEAR * STANDBY_H * 3600.0);
  check_within_interval(*run.results.served_fraction,
                        1.0 - FAILURES_PER_YEAR * (OUTAGE_H + 0.5 * STANDBY_H) / 8760.0);
}

TEST_CASE("a scaled-down standby serves at its reduced capacity until it has scaled up",
          "[capacity]") {
  // b keeps a quarter of its capacity (25 of 100) while standing by and scales up in 30 min
  // once promoted: degraded for min(u, (R - d)+), of mean e^{-d/m}·m·(1 - e^{-u/m}).
  const double u = 0.5;
  const double scaling_h = STANDBY_H * (1.0 - std::exp(-u / MTTR_H));
  const auto run =
      simulate(failover_demand("100", R"(, "standby_capacity": 0.25, "scale_up": "30m")"), 200);
  check_within_interval(*run.results.degraded_per_year_s, FAILURES_PER_YEAR * scaling_h * 3600.0);
  check_within_interval(*run.results.served_fraction,
                        1.0 - FAILURES_PER_YEAR * (OUTAGE_H + 0.75 * scaling_h) / 8760.0);
  // Without a scale-up it stays at a quarter for as long as it serves.
  const auto stays = simulate(failover_demand("100", R"(, "standby_capacity": 0.25)"), 200);
  check_within_interval(*stays.results.degraded_per_year_s,
                        FAILURES_PER_YEAR * STANDBY_H * 3600.0);
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
