// The engine against closed forms. Times are scaled to minutes so that each trial holds many
// failure/repair cycles: availability depends only on the MTBF/MTTR ratio, and the start-up
// transient (the engine starts every process up) biases availability by about U·MTTR/H, under
// 1e-9 here, far inside every interval.
#include <cmath>

#include "engine_harness.h"

namespace resim::test {
namespace {

std::string scenario(const std::string& body) {
  return R"({"name": "t", "settings": {"horizon": "1y"}, )" + body + "}";
}

double availability(double mtbf, double mttr) {
  return mtbf / (mtbf + mttr);
}

TEST_CASE("one component: A = MTBF / (MTBF + MTTR)", "[engine]") {
  const auto run = simulate(
      scenario(R"("service": "a", "components": [{"name": "a", "mtbf": "999m", "mttr": "1m"}])"),
      400);
  check_within_interval(run.results.availability, availability(999.0, 1.0));
}

TEST_CASE("one component with non-exponential times: A = E[TTF] / (E[TTF] + E[TTR])", "[engine]") {
  // Alternating renewal theorem: the limit depends on the means only.
  const auto run = simulate(scenario(R"("service": "a", "components": [{"name": "a",
      "ttf": {"dist": "weibull", "shape": 2, "scale": "10h"},
      "ttr": {"dist": "lognormal", "median": "20m", "p95": "1h"}}])"),
                            400);
  const double mttf = 10.0 * 60.0 * std::tgamma(1.5);
  const double sigma = std::log(3.0) / 1.6448536269514722;
  const double mttr = 20.0 * std::exp(sigma * sigma / 2.0);
  check_within_interval(run.results.availability, availability(mttf, mttr));
}

TEST_CASE("one component: outages last MTTR on average and occur H / (MTBF + MTTR) times",
          "[engine]") {
  const auto run = simulate(
      scenario(R"("service": "a", "components": [{"name": "a", "mtbf": "99h", "mttr": "1h"}])"),
      2000);
  check_within_interval(estimate_mean(run.data.totals.outage_durations), 3600.0);
  // Starting up, the expected number of failures in [0, H] is λ∫A(t)dt = λ·H·Ā(H) with
  // Ā(H) = A + (1 − A)(1 − e^{−(λ+μ)H}) / ((λ+μ)H).
  const double lambda = 1.0 / 99.0, mu = 1.0, horizon = 8760.0, a = mu / (lambda + mu);
  const double mean_a =
      a + (1.0 - a) * (1.0 - std::exp(-(lambda + mu) * horizon)) / ((lambda + mu) * horizon);
  check_within_interval(run.results.outages_per_year, lambda * horizon * mean_a);
}

TEST_CASE("three in series at 99.9 %, 99.9 % and 99.95 % give 99.75 %", "[engine]") {
  const auto run = simulate(scenario(R"("service": "all",
      "components": [{"name": "a", "mtbf": "999m", "mttr": "1m"}, {"name": "b", "mtbf": "999m", "mttr": "1m"},
                     {"name": "c", "mtbf": "1999m", "mttr": "1m"}],
      "groups": [{"name": "all", "members": ["a", "b", "c"], "min_up": 3}])"),
                            400);
  const double exact = 0.999 * 0.999 * 0.9995;
  CHECK(exact == Approx(0.9975).margin(5e-6));
  check_within_interval(run.results.availability, exact);
}

TEST_CASE("two in parallel at 99.9 % give 99.9999 %", "[engine]") {
  const auto run = simulate(scenario(R"("service": "pair",
      "components": [{"name": "pair", "count": 2, "min_up": 1, "mtbf": "999m", "mttr": "1m"}])"),
                            2000);
  check_within_interval(run.results.availability, 1.0 - 1e-6);
}

TEST_CASE("2-of-3: A = 3A^2 - 2A^3", "[engine]") {
  const auto run = simulate(scenario(R"("service": "trio",
      "components": [{"name": "trio", "count": 3, "min_up": 2, "mtbf": "99m", "mttr": "1m"}])"),
                            150);
  const double a = 0.99;
  check_within_interval(run.results.availability, 3 * a * a - 2 * a * a * a);
}

TEST_CASE("a zone outage takes down all its members: A = A_zone · (1 − U^3)", "[engine]") {
  const auto run = simulate(scenario(R"("service": "web",
      "regions": [{"name": "r", "zones": [{"name": "z", "mtbf": "999m", "mttr": "1m"}]}],
      "components": [{"name": "web", "zones": ["z"], "per_zone": 3, "mtbf": "9m", "mttr": "1m"}])"),
                            60);
  const double u = 0.1;
  const double exact = 0.999 * (1.0 - u * u * u);
  check_within_interval(run.results.availability, exact);
  // Almost all downtime comes from the zone (U_zone = 1e-3 against U^3 = 1e-3 — equal shares,
  // less the overlap): both causes must be reported.
  REQUIRE(run.results.causes.size() == 2);
}

TEST_CASE("a region outage takes down every zone in it; requires chains in series", "[engine]") {
  const auto run = simulate(scenario(R"("service": "front",
      "regions": [{"name": "r", "mtbf": "1999m", "mttr": "1m",
                   "zones": [{"name": "z1"}, {"name": "z2"}]}],
      "components": [{"name": "front", "region": "r", "mtbf": "999m", "mttr": "1m", "requires": ["back"]},
                     {"name": "back", "zones": ["z2"], "mtbf": "999m", "mttr": "1m"}])"),
                            400);
  // front: 1-of-2 over zones; back: single; both need the region.
  const double exact = 0.9995 * (1.0 - 1e-6) * 0.999;
  check_within_interval(run.results.availability, exact);
}

TEST_CASE("downtime is attributed to the failure that started each outage", "[engine]") {
  const auto run = simulate(scenario(R"("service": "all",
      "components": [{"name": "a", "mtbf": "999m", "mttr": "1m"}, {"name": "b", "mtbf": "999m", "mttr": "3m"}],
      "groups": [{"name": "all", "members": ["a", "b"], "min_up": 2}])"),
                            400);
  // Outages started by b last 3× as long and happen as often, so b's share is 3/4 (less a
  // second-order overlap term of order U).
  double share_b = 0.0;
  for (const auto& cause : run.results.causes)
    if (cause.name == "b") share_b = cause.downtime_share;
  CHECK(share_b == Approx(0.75).margin(0.01));
}

TEST_CASE("an outage open at the horizon is measured to its end", "[engine]") {
  // Constant times: up 10 h, down 5 h; horizon 12 h. The outage starts at 10 h, ends at 15 h.
  const auto run = simulate(R"({"name": "t", "settings": {"horizon": "12h"}, "service": "a",
      "components": [{"name": "a", "ttf": {"dist": "constant", "value": "10h"}, "ttr": {"dist": "constant", "value": "5h"}}]})",
                            10);
  REQUIRE(run.data.totals.outage_durations.count() == 10);
  CHECK(run.data.totals.outage_durations.min() == 5.0 * 3600.0);
  CHECK(run.data.totals.outage_durations.max() == 5.0 * 3600.0);
  CHECK(run.results.availability.mean == Approx(10.0 / 12.0).epsilon(1e-12));
}

}  // namespace
}  // namespace resim::test
