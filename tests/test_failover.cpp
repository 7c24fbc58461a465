// Failover, replication and repair crews against closed forms.
#include <cmath>

#include "engine_harness.h"

namespace resim::test {
namespace {

// A primary and a hot standby, identical, with a constant repair time: longer than detection,
// so no failure ends before it is detected, and short against MTBF, so the standby is almost
// always up when needed (it is down with probability MTTR/MTBF). `extra` adds group keys;
// `members` replaces the plain pair.
std::string pair_scenario(const std::string& mtbf, const std::string& mttr,
                          const std::string& extra,
                          const std::string& members = R"([{"name": "a"}, {"name": "b"}])") {
  const std::string process =
      R"("mtbf": ")" + mtbf + R"(", "ttr": {"dist": "constant", "value": ")" + mttr + R"("})";
  return R"({"name": "t", "settings": {"horizon": "1y"}, "service": "db",
    "components": [{"name": "a", )" +
         process + R"(}, {"name": "b", )" + process + R"(}],
    "failover_groups": [{"name": "db", "members": )" +
         members + ", " + extra + "}]}";
}

std::vector<double> promoted(const Run& run, double FailoverRecord::*field) {
  std::vector<double> values;
  for (const auto& record : run.data.totals.failover_log)
    if (record.promoted) values.push_back(record.*field);
  return values;
}

TEST_CASE("active-passive: unavailability = (d + s) / (MTBF + d + s) for rare failures",
          "[failover]") {
  // Every failure of the active member costs detection d plus switch-over s. The active role
  // fails at rate 1/MTBF whoever holds it (memoryless), so up periods average MTBF and down
  // periods d + s. The standby is down at a failure with probability 3 min / 100 h = 1/2000 and
  // then adds under 90 s: a shift of under 0.04 % of U, far inside the interval.
  const auto run =
      simulate(pair_scenario("100h", "3m", R"("detection": "30s", "switchover": "90s")"), 400);
  const double down = 120.0, up = 100.0 * 3600.0;
  check_within_interval(run.results.availability, up / (up + down));
  const auto& f = run.results.failovers.at(0);
  REQUIRE(f.promotions > 30000);
  CHECK(f.rto.p50_s == Approx(down).epsilon(1e-9));
}

TEST_CASE("health checks: detection = (threshold − 1 + U)·interval + timeout", "[failover]") {
  // interval 10 s, timeout 5 s, 3 failed checks: uniform on [25 s, 35 s], mean 30 s. Repairs
  // take 1 min, so the standby is down at a failure with probability 1/6000: the mean moves by
  // under 0.02 s against a tolerance of 0.1 s.
  const auto run =
      simulate(pair_scenario("100h", "1m", R"("detection": {"interval": "10s", "timeout": "5s",
      "unhealthy_threshold": 3}, "switchover": "60s")"),
               100, 1, 0, true);
  std::vector<double> detection;
  for (double r : promoted(run, &FailoverRecord::rto_s)) detection.push_back(r - 60.0);
  check_within_interval(estimate_mean(detection), 30.0);
  const auto q = quantiles(detection, {0.001, 0.999});
  CHECK(q[0] >= 25.0);
  CHECK(q[1] <= 35.0);
}

TEST_CASE("asynchronous replication with constant lag L loses L at every promotion", "[failover]") {
  const auto run = simulate(R"({"name": "t", "service": "db",
    "components": [{"name": "a", "mtbf": "100h", "mttr": "1h"}, {"name": "b", "mtbf": "100h", "mttr": "1h"}],
    "failover_groups": [{"name": "db", "detection": "30s", "switchover": "2m",
      "members": [{"name": "a", "replication": {"mode": "async", "lag": "5s"}},
                  {"name": "b", "replication": {"mode": "async", "lag": "5s"}}]}]})",
                            50, 1, 0, true);
  const auto rpo = promoted(run, &FailoverRecord::rpo_s);
  REQUIRE(rpo.size() > 1000);
  for (double r : rpo) REQUIRE(r == 5.0);
  REQUIRE(run.results.failovers.size() == 1);
  CHECK(run.results.failovers[0].rpo.p99_s == 5.0);
}

TEST_CASE("lag spikes add Poisson(rate·E[D]) spikes' worth of lag", "[failover]") {
  // Base lag 1 s; a spike every 1 h lasting 6 min adds 60 s: E[RPO] = 1 + (0.1)·60 = 7 s.
  const auto run = simulate(R"({"name": "t", "service": "db",
    "components": [{"name": "a", "mtbf": "20h", "mttr": "1h"}, {"name": "b", "mtbf": "20h", "mttr": "1h"}],
    "failover_groups": [{"name": "db", "detection": "30s", "switchover": "2m",
      "members": [{"name": "a", "replication": {"mode": "async", "lag": "1s", "spikes": {"every": "1h", "duration": "6m", "lag": "60s"}}},
                  {"name": "b", "replication": {"mode": "async", "lag": "1s", "spikes": {"every": "1h", "duration": "6m", "lag": "60s"}}}]}]})",
                            50, 1, 0, true);
  check_within_interval(estimate_mean(promoted(run, &FailoverRecord::rpo_s)), 7.0);
}

TEST_CASE("a synchronous standby loses nothing; stop_writes makes its loss an outage",
          "[failover]") {
  // Until duplicate keys became an error, the sync pair here was silently dropped for the
  // plain one, and the test ran without sync replication.
  const std::string members = R"([{"name": "a", "replication": {"mode": "sync"}},
                                  {"name": "b", "replication": {"mode": "sync"}}])";
  const auto run = simulate(pair_scenario("100h", "1h", R"("detection": "30s", "switchover": "2m",
      "on_sync_standby_loss": "stop_writes")",
                                          members),
                            200, 1, 0, true);
  for (double r : promoted(run, &FailoverRecord::rpo_s)) REQUIRE(r == 0.0);
  // Writes need the other member up, so the group serves exactly while both are up: a failed
  // primary is replaced within 150 s, but its 1 h repair keeps the new primary without a
  // synchronous standby until it is back. A = A_a · A_b.
  check_within_interval(run.results.availability, (100.0 / 101.0) * (100.0 / 101.0));
}

TEST_CASE(
    "members returning together: the failed primary resumes rather than a standby's promotion",
    "[failover]") {
  // All three members share one zone; the zone's outages take them all down and bring them all
  // back in one event. The primary must then simply resume: no promotion, no data lost.
  const auto run = simulate(R"({"name": "t", "service": "db",
    "regions": [{"name": "r", "zones": [{"name": "z", "mtbf": "50h", "mttr": "1h"}]}],
    "components": [{"name": "a", "zones": ["z"], "mtbf": "100000h", "mttr": "1h"},
                   {"name": "b", "zones": ["z"], "mtbf": "100000h", "mttr": "1h"},
                   {"name": "c", "zones": ["z"], "mtbf": "100000h", "mttr": "1h"}],
    "failover_groups": [{"name": "db", "detection": "30s", "switchover": "2m",
      "members": [{"name": "a"}, {"name": "b"}, {"name": "c", "replication": {"mode": "async", "lag": "10s"}}]}]})",
                            20);
  const auto& f = run.results.failovers.at(0);
  REQUIRE(f.incidents > 1000);
  CHECK(f.promotions <= f.incidents / 100);  // only the rare member failures, never a zone's return
}

TEST_CASE("failover failure probability p sends a share p of promotions down the manual path",
          "[failover]") {
  // Repairs take 2 h, longer than the manual response: no operator stands down.
  const auto run = simulate(pair_scenario("50h", "2h", R"("detection": "30s", "switchover": "1m",
      "failure_probability": 0.2, "manual": {"response": "15m", "steps": "10m"})"),
                            100, 1, 0, true);
  const auto& f = run.results.failovers.at(0);
  REQUIRE(f.promotions > 5000);
  const double p = 0.2, n = static_cast<double>(f.promotions);
  const double z999 = 3.2905267314919255;
  CHECK(std::fabs(f.manual_share - p) <= z999 * std::sqrt(p * (1 - p) / n));
  // Manual incidents last d + response + steps = 25.5 min; automatic ones d + s = 1.5 min (but
  // for the rare ones that find the standby down).
  std::vector<double> manual, automatic;
  for (const auto& record : run.data.totals.failover_log)
    if (record.promoted) (record.manual ? manual : automatic).push_back(record.rto_s);
  CHECK(quantiles(manual, {0.5})[0] == Approx(1530.0).epsilon(1e-9));
  CHECK(quantiles(automatic, {0.5})[0] == Approx(90.0).epsilon(1e-9));
}

TEST_CASE("automatic failback returns to the primary with a brief outage of its own",
          "[failover]") {
  // The primary fails; the standby takes over after d + s = 60 s; the primary is back after its
  // constant 3 min repair and fails back at once, costing 20 s more. A cycle is the primary's
  // up time (exponential, mean MTBF, from the end of the failback) plus 200 s, of which 80 s down.
  const auto run = simulate(pair_scenario("50h", "3m", R"("detection": "30s", "switchover": "30s",
      "failback": "automatic", "failback_duration": "20s")"),
                            200);
  const double cycle = 50.0 * 3600.0 + 200.0;
  check_within_interval(run.results.availability, 1.0 - 80.0 / cycle);
  // The failback's outages are the group's own doing.
  bool failback_cause = false;
  for (const auto& cause : run.results.causes)
    failback_cause = failback_cause || (cause.kind == CauseKind::FAILOVER && cause.name == "db");
  CHECK(failback_cause);
}

std::string crew_scenario(int crews) {
  return R"({"name": "t", "service": "pair", "crews": [{"name": "ops", "size": )" +
         std::to_string(crews) + R"(}],
    "components": [{"name": "pair", "count": 2, "min_up": 1, "mtbf": "9h", "mttr": "1h", "crew": "ops"}]})";
}

TEST_CASE("one repair crew for two components vs two crews: exact Markov values",
          "[failover][crews]") {
  // Birth–death chain on the number down (0, 1, 2) with ρ = λ/μ = 1/9:
  // one crew  π2/π0 = 2ρ²  → U = 2ρ² / (1 + 2ρ + 2ρ²) = 2/101;
  // two crews π2/π0 = ρ²   → U = ρ² / (1 + ρ)² = 1/100.
  const double rho = 1.0 / 9.0;
  const auto one = simulate(crew_scenario(1), 100);
  check_within_interval(one.results.availability,
                        1.0 - 2 * rho * rho / (1 + 2 * rho + 2 * rho * rho));
  const auto two = simulate(crew_scenario(2), 100);
  check_within_interval(two.results.availability, 1.0 - rho * rho / ((1 + rho) * (1 + rho)));
}

}  // namespace
}  // namespace resim::test
