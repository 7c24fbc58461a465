// Verification of the Markov (CTMC) solver in models/analysis.h: steady state against the
// product form, repair crews against birth-death closed forms, uniformization against the
// closed-form transient availability. Simulation checks as in test_steady_state.cpp; the cases
// with a crew count (MarkovModel(topology, N)) have no engine counterpart and are checked
// analytically only, marked "ANALYTIC ONLY"; test_ctmc_crews_failover.cpp simulates the
// scenario's own crews.
//
// References:
//   [T]   K. S. Trivedi, Probability and Statistics with Reliability, Queuing and Computer Science
//         Applications, 2nd ed. (Wiley, 2002): CTMC availability models; the two-unit system with
//         one or two repair facilities (birth-death); uniformization (Jensen's method).
//   [RH]  M. Rausand, A. Høyland, System Reliability Theory, 2nd ed. (Wiley, 2004): Markov
//         models of repairable items; A(t) of a single item.
//   [BA]  R. Billinton, R. N. Allan, Reliability Evaluation of Engineering Systems, 2nd ed.:
//         continuous Markov processes; two-component systems.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "models/analysis.h"
#include "tests/verification/verification_support.h"

using resim::analyze_steady_state;
using resim::MarkovModel;
using verification::compile;
using verification::component;
using verification::mtbf_for;
using verification::simulate;

namespace {

constexpr double MINUTE = 60.0;
constexpr double TOL = resim::UNIFORMIZATION_TOLERANCE;

std::string scenario(const std::string& service, const std::string& components,
                     const std::string& groups = "") {
  std::string text =
      R"({"name": "case", "service": ")" + service + R"(", "components": [)" + components + "]";
  if (!groups.empty()) text += R"(, "groups": [)" + groups + "]";
  return text + "}";
}

// Simulated availability over a short horizon against the exact time average of the transient
// (no start-up bias to allow for: the exact value is the transient one).
void check_interval(const resim::Results& sim, double exact) {
  const double allowed = sim.availability.half_width * verification::WIDEN_TO_999;
  INFO("exact interval availability " << exact << ", simulated " << sim.availability.mean << " +- "
                                      << sim.availability.half_width << " (95 %), "
                                      << sim.outage_durations.count << " outages");
  REQUIRE(sim.outage_durations.count >= 100);
  CHECK(std::fabs(sim.availability.mean - exact) <= allowed);
}

// Composite Simpson on [0, h] with n (even) intervals: error ~ h^5 max|f''''| / (180 n^4),
// ~1e-14 here for sums of exponentials.
template <class F>
double simpson(F f, double h, int n) {
  double sum = f(0.0) + f(h);
  for (int i = 1; i < n; ++i) sum += (i % 2 ? 4.0 : 2.0) * f(h * i / n);
  return sum * h / (3.0 * n);
}

}  // namespace

TEST_CASE("CTMC steady state equals the product form for independent exponential processes",
          "[verification]") {
  SECTION("region, three zones, 2 of 3 instances: 7 processes, 128 states, SparseLU") {
    const double region_mttr = 3600, zone_mttr = 1800, mttr = 300;
    auto zone = [&](const std::string& name) {
      return R"({"name": ")" + name + R"(", "mtbf": ")" +
             verification::seconds(mtbf_for(0.999, zone_mttr)) + R"(", "mttr": ")" +
             verification::seconds(zone_mttr) + R"("})";
    };
    const std::string text =
        R"({"name": "region", "service": "app", "components": [)" +
        component("app", mtbf_for(0.995, mttr), mttr, R"("region": "r1", "min_up": 2)") +
        R"(], "regions": [{"name": "r1", "mtbf": ")" +
        verification::seconds(mtbf_for(0.9999, region_mttr)) + R"(", "mttr": ")" +
        verification::seconds(region_mttr) + R"(", "zones": [)" + zone("z1") + "," + zone("z2") +
        "," + zone("z3") + "]}]}";
    const auto topology = compile(text, "region-ctmc");
    const MarkovModel chain(*topology);
    CHECK(chain.state_count() == 128);
    const auto exact = analyze_steady_state(*topology);
    CHECK(std::fabs(chain.steady_state_availability() - exact.availability) <= 1e-13);
  }

  SECTION("five tiers, 12 processes, 4096 states, BiCGSTAB; and the simulation") {
    const auto topology = compile(
        scenario("svc",
                 component("lb", mtbf_for(0.99, 60), 60, R"("count": 2)") + "," +
                     component("web", mtbf_for(0.98, 120), 120, R"("count": 3, "min_up": 2)") +
                     "," + component("app", mtbf_for(0.985, 90), 90, R"("count": 3, "min_up": 2)") +
                     "," + component("cache", mtbf_for(0.97, 30), 30, R"("count": 2)") + "," +
                     component("db", mtbf_for(0.995, 300), 300, R"("count": 2)"),
                 R"({"name": "svc", "members": ["lb", "web", "app", "cache", "db"], "min_up": 5})"),
        "tiers");
    const MarkovModel chain(*topology);
    CHECK(chain.state_count() == 4096);
    CHECK(chain.state_count() > resim::MAX_DIRECT_STATES);
    const auto exact = analyze_steady_state(*topology);
    CHECK(std::fabs(chain.steady_state_availability() - exact.availability) <= 1e-12);

    const auto sim = simulate(*topology, 200, 100 * mtbf_for(0.98, 120));
    verification::check_availability(*topology, sim, exact.availability);
  }
}

TEST_CASE("ANALYTIC ONLY: two identical components sharing 1 or 2 repair crews (birth-death)",
          "[verification]") {
  // [T], [BA]: number of failed units is a birth-death chain 0 -(2 lambda)-> 1 -(lambda)-> 2
  // with repair rate mu from 1 and, from 2, mu (one crew) or 2 mu (two crews). With rho =
  // lambda / mu: one crew pi = (1, 2 rho, 2 rho^2) / (1 + 2 rho + 2 rho^2), so the parallel
  // system has A = (mu^2 + 2 lambda mu) / (mu^2 + 2 lambda mu + 2 lambda^2); two crews give the
  // independent answer A = 1 - (lambda / (lambda + mu))^2. The series system is up in state 0.
  // A crew count has no engine counterpart: no simulation here (see test_ctmc_crews_failover.cpp).
  const double mttf = 1000, mttr = 10, lambda = 1 / mttf, mu = 1 / mttr;
  const auto parallel =
      compile(scenario("a", component("a", mttf, mttr, R"("count": 2, "min_up": 1)")), "crew-p");
  const auto series =
      compile(scenario("a", component("a", mttf, mttr, R"("count": 2, "min_up": 2)")), "crew-s");
  const double one_crew =
      (mu * mu + 2 * lambda * mu) / (mu * mu + 2 * lambda * mu + 2 * lambda * lambda);
  const double two_crews = 1 - std::pow(lambda / (lambda + mu), 2);
  CHECK(std::fabs(resim::markov_steady_state_availability(*parallel, 1) - one_crew) <= 1e-14);
  CHECK(std::fabs(resim::markov_steady_state_availability(*parallel, 2) - two_crews) <= 1e-14);
  CHECK(std::fabs(resim::markov_steady_state_availability(*parallel, 0) - two_crews) <= 1e-14);
  CHECK(std::fabs(analyze_steady_state(*parallel).availability - two_crews) <= 1e-14);
  CHECK(one_crew <
        two_crews);  // the second crew is worth (2 rho^2 / (1+2rho+2rho^2)) - rho^2/(1+rho)^2
  const double rho = lambda / mu;
  CHECK(std::fabs(resim::markov_steady_state_availability(*series, 1) -
                  1 / (1 + 2 * rho + 2 * rho * rho)) <= 1e-14);
  CHECK(MarkovModel(*parallel, 1).state_count() ==
        5);  // {}, {a1}, {a2}, {a1 then a2}, {a2 then a1}
  CHECK(MarkovModel(*parallel, 2).state_count() == 4);
}

TEST_CASE("ANALYTIC ONLY: two different components, one crew, first come first served",
          "[verification]") {
  // The FIFO chain written out: 0 both up; 1 a in repair; 2 b in repair; 3 both down, a in
  // repair, b waiting; 4 both down, b in repair, a waiting. Its balance equations
  //   pi3 mu_a = lambda_b pi1,  pi4 mu_b = lambda_a pi2,
  //   pi1 (mu_a + lambda_b) = lambda_a pi0 + mu_b pi4,  pi2 (mu_b + lambda_a) = lambda_b pi0 + mu_a
  //   pi3
  // give pi1 = alpha (1 + beta) / (1 - alpha beta) pi0 and pi2 = beta (1 + alpha) / (1 - alpha
  // beta) pi0 with alpha = lambda_a / (mu_a + lambda_b), beta = lambda_b / (mu_b + lambda_a)
  // (derived here from the balance equations; the method is [T]'s). Parallel: A = 1 - pi3 - pi4.
  const double la = 1.0 / 500, ma = 1.0 / 20, lb = 1.0 / 300, mb = 1.0 / 60;
  const auto topology =
      compile(scenario("svc", component("a", 1 / la, 1 / ma) + "," + component("b", 1 / lb, 1 / mb),
                       R"({"name": "svc", "members": ["a", "b"], "min_up": 1})"),
              "fifo");
  const double alpha = la / (ma + lb), beta = lb / (mb + la);
  const double p1 = alpha * (1 + beta) / (1 - alpha * beta),
               p2 = beta * (1 + alpha) / (1 - alpha * beta);
  const double p3 = lb * p1 / ma, p4 = la * p2 / mb;
  const double total = 1 + p1 + p2 + p3 + p4;
  const double exact = 1 - (p3 + p4) / total;
  const MarkovModel chain(*topology, 1);
  CHECK(chain.state_count() == 5);
  CHECK(std::fabs(chain.steady_state_availability() - exact) <= 1e-14);
  // One crew is worse than independent repair.
  CHECK(chain.steady_state_availability() < analyze_steady_state(*topology).availability);
}

TEST_CASE("uniformization: A(t) of a single component against the closed form", "[verification]") {
  // [RH], [T]: A(t) = mu / (lambda + mu) + lambda / (lambda + mu) exp(-(lambda + mu) t) from up;
  // its time average over [0, H] is A + lambda / (lambda + mu)^2 (1 - exp(-(lambda + mu) H)) / H.
  const double mttf = 9 * MINUTE, mttr = MINUTE, lambda = 1 / mttf, mu = 1 / mttr, s = lambda + mu;
  const auto topology = compile(scenario("a", component("a", mttf, mttr)), "transient");
  const MarkovModel chain(*topology);
  auto exact = [&](double t) { return mu / s + lambda / s * std::exp(-s * t); };
  // From t = 0 to far past the steady state, and rate * t from 0 to ~1e6 (the Poisson weights
  // must not underflow: exp(-rate t) alone would be 0 beyond rate t ~ 745).
  const std::vector<double> times{0, 1, 10, 30, 60, 200, 600, 3600, 1e5, 1e7};
  const std::vector<double> a = chain.point_availability(times);
  for (std::size_t i = 0; i < times.size(); ++i) {
    INFO("t = " << times[i] << " s");
    CHECK(std::fabs(a[i] - exact(times[i])) <= TOL);
  }
  CHECK(a[0] == 1.0);

  const double horizon = 2 * MINUTE;
  const double average = mu / s + lambda / (s * s) * (1 - std::exp(-s * horizon)) / horizon;
  CHECK(std::fabs(chain.interval_availability(horizon) - average) <= TOL);
  CHECK(std::fabs(chain.interval_availability(1.0) -
                  (mu / s + lambda / (s * s) * (1 - std::exp(-s)))) <= TOL);

  // The simulator starts up too: over a 2-minute horizon it must measure the transient average
  // (0.9375...), well above the steady state 0.9.
  const auto sim = simulate(*topology, 20000, horizon);
  check_interval(sim, average);
  CHECK(sim.availability.low() > 0.9);
}

TEST_CASE("uniformization: 2 of 3 non-identical components against the product form in time",
          "[verification]") {
  // Independent processes stay independent in time, so A(t) = h(A_1(t), A_2(t), A_3(t)) with
  // each A_i(t) the single-item closed form [RH] and h the 2-of-3 structure; the decision
  // diagram evaluates h. The time average over [0, H] by Simpson's rule of that product form.
  const std::vector<double> mttf{10 * MINUTE, 15 * MINUTE, 30 * MINUTE};
  const std::vector<double> mttr{MINUTE, 3 * MINUTE, 2 * MINUTE};
  const auto topology =
      compile(scenario("svc",
                       component("a", mttf[0], mttr[0]) + "," + component("b", mttf[1], mttr[1]) +
                           "," + component("c", mttf[2], mttr[2]),
                       R"({"name": "svc", "members": ["a", "b", "c"], "min_up": 2})"),
              "transient-2oo3");
  const resim::AvailabilityDiagram diagram(*topology);
  auto product_form = [&](double t) {
    std::vector<double> q;
    for (int i = 0; i < 3; ++i) {
      const double l = 1 / mttf[static_cast<std::size_t>(i)],
                   m = 1 / mttr[static_cast<std::size_t>(i)];
      q.push_back(l / (l + m) * (1 - std::exp(-(l + m) * t)));
    }
    return diagram.evaluate(q).availability;
  };
  const MarkovModel chain(*topology);
  const std::vector<double> times{0, 15, 60, 120, 300, 900, 3600, 86400};
  const std::vector<double> a = chain.point_availability(times);
  for (std::size_t i = 0; i < times.size(); ++i) {
    INFO("t = " << times[i] << " s");
    CHECK(std::fabs(a[i] - product_form(times[i])) <= TOL);
  }
  CHECK(std::fabs(a.back() - chain.steady_state_availability()) <= TOL);

  const double horizon = 5 * MINUTE;
  const double average = simpson(product_form, horizon, 2000) / horizon;
  CHECK(std::fabs(chain.interval_availability(horizon) - average) <= TOL);

  const auto sim = simulate(*topology, 20000, horizon);
  check_interval(sim, average);
}

TEST_CASE("ANALYTIC ONLY: uniformization with one crew: two-unit parallel system A(t)",
          "[verification]") {
  // [T]: the birth-death chain 0 -(2 lambda)-> 1 -(lambda)-> 2, repairs mu from 1 and 2 (one
  // crew). Its non-zero eigenvalues r1, r2 solve r^2 + (3 lambda + 2 mu) r + (2 lambda^2 +
  // 2 lambda mu + mu^2) = 0. From state 0, P2(0) = 0 and P2'(0) = 0 (state 2 is two jumps
  // away), so P2(t) = pi2 (1 + (r1 e^{r2 t} - r2 e^{r1 t}) / (r2 - r1)) and A(t) = 1 - P2(t).
  const double mttf = 100, mttr = 20, lambda = 1 / mttf, mu = 1 / mttr;
  const auto topology =
      compile(scenario("a", component("a", mttf, mttr, R"("count": 2)")), "crew-transient");
  const double b = 3 * lambda + 2 * mu, c = 2 * lambda * lambda + 2 * lambda * mu + mu * mu;
  const double root = std::sqrt(b * b - 4 * c);
  const double r1 = (-b + root) / 2, r2 = (-b - root) / 2;
  const double rho = lambda / mu, pi2 = 2 * rho * rho / (1 + 2 * rho + 2 * rho * rho);
  auto exact = [&](double t) {
    return 1 - pi2 * (1 + (r1 * std::exp(r2 * t) - r2 * std::exp(r1 * t)) / (r2 - r1));
  };
  const MarkovModel chain(*topology, 1);
  const std::vector<double> times{0, 5, 20, 50, 100, 300, 1000, 1e6};
  const std::vector<double> a = chain.point_availability(times);
  for (std::size_t i = 0; i < times.size(); ++i) {
    INFO("t = " << times[i] << " s");
    CHECK(std::fabs(a[i] - exact(times[i])) <= TOL);
  }
  CHECK(std::fabs(chain.steady_state_availability() - (1 - pi2)) <= 1e-14);
}
