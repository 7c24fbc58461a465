// Verification of the CTMC (models/analysis.h) for what the engine simulates beyond independent
// processes: repair crews declared in the scenario, and a failover group with imperfect
// switching (detection, switch-over, a manual path taken with probability p). Each case is
// checked against a closed form and against the simulator (sim/simulation.cpp, sim/failover.cpp).
//
// References:
//   [T]   K. S. Trivedi, Probability and Statistics with Reliability, Queuing and Computer Science
//         Applications, 2nd ed. (Wiley, 2002): the two-unit system with one or two repair
//         facilities; standby systems with imperfect coverage and switching delays.
//   [RH]  M. Rausand, A. Høyland, System Reliability Theory, 2nd ed. (Wiley, 2004): standby
//         systems with imperfect switching.
#include <catch2/catch.hpp>

#include <cmath>
#include <sstream>
#include <string>

#include "models/analysis.h"
#include "tests/verification/verification_support.h"

using resim::AnalysisMethod;
using resim::MarkovModel;
using verification::compile;
using verification::component;
using verification::seconds;
using verification::simulate;

namespace {

constexpr double MINUTE = 60.0;

// The simulator starts all up, as the chain's transient does: the exact reference for one
// simulated horizon is the chain's interval availability, so there is no start-up bias.
void check_interval(const resim::Results& sim, double exact) {
  const double allowed = sim.availability.half_width * verification::WIDEN_TO_999;
  INFO("exact interval availability "
       << exact << ", simulated " << sim.availability.mean << " +- " << sim.availability.half_width
       << " (95 %), allowed " << allowed << ", " << sim.outage_durations.count << " outages, "
       << sim.events << " events");
  REQUIRE(sim.outage_durations.count >= 100);
  CHECK(std::fabs(sim.availability.mean - exact) <= allowed);
}

std::string exponential(double mean_s) {
  return R"({"dist": "exponential", "mean": ")" + seconds(mean_s) + R"("})";
}

// Primary "p" and standby "s", hot, failback none, exponential delays; manual path with
// probability `p_manual` (response and steps exponential).
std::string standby_pair(const std::string& standby_mtbf, double mtbf_s, double mttr_s,
                         double detection_s, double switchover_s, double p_manual,
                         double response_s, double steps_s) {
  std::ostringstream p;
  p.precision(17);
  p << p_manual;
  return R"({"name": "standby", "service": "db", "components": [)" +
         component("p", mtbf_s, mttr_s) + R"(, {"name": "s", "mtbf": ")" + standby_mtbf +
         R"(", "mttr": ")" + seconds(mttr_s) +
         R"("}], "failover_groups": [{"name": "db", "members": [{"name": "p"}, {"name": "s"}],
           "detection": )" +
         exponential(detection_s) + R"(, "switchover": )" + exponential(switchover_s) +
         R"(, "failure_probability": )" + p.str() + R"(, "manual": {"response": )" +
         exponential(response_s) + R"(, "steps": )" + exponential(steps_s) + "}}]}";
}

}  // namespace

TEST_CASE("scenario crews: two parallel units sharing one crew or with two (birth-death)",
          "[verification]") {
  // [T] two-unit parallel system, failure rate lambda each, rho = lambda / mu. One repair
  // facility: pi = (1, 2 rho, 2 rho^2) / (1 + 2 rho + 2 rho^2), so U = 2 rho^2 / (1 + 2 rho +
  // 2 rho^2). Two: the units are independent, U = (rho / (1 + rho))^2. Here the crews come from
  // the scenario ("crews" and a component's "crew"), as the engine simulates them.
  const double mttf = 10 * MINUTE, mttr = 1 * MINUTE, rho = mttr / mttf;
  auto text = [&](int size) {
    return R"({"name": "crews", "service": "a", "crews": [{"name": "ops", "size": )" +
           std::to_string(size) + "}], \"components\": [" +
           component("a", mttf, mttr, R"("count": 2, "min_up": 1, "crew": "ops")") + "]}";
  };
  const auto one = compile(text(1), "one-crew");
  const auto two = compile(text(2), "two-crews");
  const double u_one = 2 * rho * rho / (1 + 2 * rho + 2 * rho * rho);
  const double u_two = std::pow(rho / (1 + rho), 2);

  const MarkovModel chain_one(*one);
  const MarkovModel chain_two(*two);
  CHECK(chain_one.state_count() == 5);  // 0 down, 1 down (2 ways), 2 down (which is repaired)
  CHECK(chain_two.state_count() == 4);
  CHECK(std::fabs(chain_one.steady_state_availability() - (1 - u_one)) <= 1e-14);
  CHECK(std::fabs(chain_two.steady_state_availability() - (1 - u_two)) <= 1e-14);
  // A count on top of the scenario's crews is ambiguous; the steady state refuses crews.
  CHECK_THROWS_WITH(MarkovModel(*one, 1), Catch::Contains("give 0 to use the scenario's crews"));
  const auto steady = resim::not_analysable_reasons(*one, AnalysisMethod::STEADY_STATE);
  REQUIRE(steady.size() == 1);
  CHECK(steady[0] ==
        "'a' is repaired by crew 'ops': shared crews make the processes dependent; "
        "use --method markov");

  // ~270 failures per trial: the time average over 3000 min against the exact transient.
  const double horizon = 3000 * MINUTE;
  const auto sim_one = simulate(*one, 400, horizon);
  check_interval(sim_one, chain_one.interval_availability(horizon));
  const auto sim_two = simulate(*two, 400, horizon);
  check_interval(sim_two, chain_two.interval_availability(horizon));
  // The second crew is worth u_one - u_two = 0.0164 - 0.0083: far more than the intervals.
  CHECK(sim_one.availability.mean + 5 * sim_one.availability.half_width <
        sim_two.availability.mean);
}

TEST_CASE("standby with imperfect switching: CTMC against the simulator", "[verification]") {
  // Primary and hot standby, each MTTF 100 min and MTTR 10 min. On a failure of the active
  // member: detection (mean 1 min); then with p = 0.3 the manual path (response 5 min, then
  // steps 5 min), otherwise switch-over (mean 2 min). The primary returning during detection
  // ends the incident; a standby down at the promotion means waiting for either to return.
  const auto topology = compile(standby_pair(seconds(100 * MINUTE), 100 * MINUTE, 10 * MINUTE,
                                             1 * MINUTE, 2 * MINUTE, 0.3, 5 * MINUTE, 5 * MINUTE),
                                "imperfect-standby");
  CHECK(resim::not_analysable_reasons(*topology, AnalysisMethod::MARKOV).empty());
  CHECK(resim::not_analysable_reasons(*topology, AnalysisMethod::STEADY_STATE).size() == 1);
  const MarkovModel chain(*topology);
  const double a = chain.steady_state_availability();
  INFO("CTMC steady-state availability " << a << " over " << chain.state_count() << " states");
  // Bounds: worse than the ideal 1-of-2 (1 - (1/11)^2), better than the primary alone with
  // every failure costing its full repair.
  CHECK(a < 1 - std::pow(1.0 / 11, 2));
  CHECK(a > 100.0 / 110.0);

  // ~90 failures of the active member per trial; 1000 trials take about a second.
  const double horizon = 10000 * MINUTE;
  const auto sim = simulate(*topology, 1000, horizon);
  check_interval(sim, chain.interval_availability(horizon));
}

TEST_CASE("standby with imperfect switching: expected downtime with a reliable standby",
          "[verification]") {
  // Closed form. With a standby that never fails and failback none, the service is down only
  // until the first promotion: each failure of the primary (rate lambda) starts a detection
  // that the primary's return (rate mu) ends first with probability mu / (delta + mu), after a
  // mean min(D, R) = 1 / (delta + mu). The number of detections is geometric with mean
  // (delta + mu) / delta, so the expected downtime in detection is 1 / delta whatever lambda and
  // mu; the promotion then costs 1 / sigma (switch-over, probability 1 - p) or, on the manual
  // path (probability p), the response 1 / (r + mu), which the primary's return ends first with
  // probability mu / (r + mu) (the operator stands down and it all starts again at the next
  // failure), else the steps 1 / s; the standby serves forever after. Solving the renewal:
  //   E[total downtime] = (1/delta + (1-p)/sigma + p/(r+mu) + p r/((r+mu) s)) / (1 - p mu/(r+mu)).
  // (The steady state is 1, so the check is on H (1 - interval availability over H), with H long
  // enough that the promotion has happened: P(not yet) ~ exp(-H lambda delta / (delta + mu)).)
  // A standby with no failures at all cannot be written, so it gets MTTF 1e15 s: over H = 2e6 s
  // it fails with probability 2e-9, which moves the downtime by under 1e-5 s.
  const double detection = 1 * MINUTE, switchover = 2 * MINUTE, response = 5 * MINUTE,
               steps = 5 * MINUTE, p = 0.3;
  const auto topology = compile(standby_pair("1000000000000000s", 100 * MINUTE, 10 * MINUTE,
                                             detection, switchover, p, response, steps),
                                "reliable-standby");
  const MarkovModel chain(*topology);
  const double horizon = 2e6;
  const double downtime = horizon * (1 - chain.interval_availability(horizon));
  const double mu = 1.0 / (10 * MINUTE), r = 1.0 / response;
  const double exact = (detection + (1 - p) * switchover + p / (r + mu) + p * r / (r + mu) * steps) /
                       (1 - p * mu / (r + mu));  // 293.3 s
  INFO("downtime " << downtime << " s, closed form " << exact << " s");
  // Uniformization error 1e-10 on the average over H: 2e-4 s of downtime.
  CHECK(std::fabs(downtime - exact) <= 1e-3);

  // The same with p = 0: 1 / delta + 1 / sigma.
  const auto automatic = compile(standby_pair("1000000000000000s", 100 * MINUTE, 10 * MINUTE,
                                              detection, switchover, 0.0, response, steps),
                                 "reliable-standby-automatic");
  const double automatic_downtime =
      horizon * (1 - MarkovModel(*automatic).interval_availability(horizon));
  CHECK(std::fabs(automatic_downtime - (detection + switchover)) <= 1e-3);
}

TEST_CASE("failover groups the CTMC cannot model are refused, naming the feature",
          "[verification]") {
  const std::string members = R"("components": [)" + component("p", 6000, 600) + ", " +
                              component("s", 6000, 600) + ", " + component("t", 6000, 600) + "]";
  auto reasons = [&](const std::string& group) {
    const auto topology = compile(
        R"({"name": "f", "service": "db", )" + members + R"(, "failover_groups": [)" + group + "]}",
        "refused");
    CHECK_THROWS_AS(MarkovModel(*topology), resim::AnalysisError);
    return resim::not_analysable_reasons(*topology, AnalysisMethod::MARKOV);
  };
  const std::string delays =
      R"("detection": )" + exponential(60) + R"(, "switchover": )" + exponential(60);
  {
    const auto r = reasons(R"({"name": "db", "members": [{"name": "p"}, {"name": "s"}],
                               "detection": "1m", "switchover": )" +
                           exponential(60) + "}");
    REQUIRE(r.size() == 1);
    CHECK(r[0] == "the CTMC needs exponential distributions: failover group 'db' detection is " +
                      resim::Distribution::constant(60).describe());
  }
  {
    const auto r = reasons(R"({"name": "db", "members": [{"name": "p"}, {"name": "s"},
                               {"name": "t"}], )" +
                           delays + "}");
    REQUIRE(r.size() == 1);
    CHECK(r[0].find("has 3 members") != std::string::npos);
  }
  {
    const auto r = reasons(R"({"name": "db", "members": [{"name": "p"}, {"name": "s"}],
                               "failback": "automatic", )" +
                           delays + "}");
    REQUIRE(r.size() == 1);
    CHECK(r[0].find("failback none only") != std::string::npos);
  }
  {
    const auto r = reasons(
        R"({"name": "db", "members": [{"name": "p"}, {"name": "s", "standby": "warm",
            "startup": "5m"}], )" +
        delays + "}");
    REQUIRE(r.size() == 1);
    CHECK(r[0].find("warm or cold standby") != std::string::npos);
  }
}
