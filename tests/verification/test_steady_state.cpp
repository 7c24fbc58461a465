// Verification of the exact steady-state solver (models/analysis.h) against closed forms from
// the reliability literature, and of the simulator against the same figures. Every case with
// a simulation accepts |simulated - exact| within the 99.9 % interval (see
// verification_support.h for the derivation). Times are scaled down (seconds and minutes
// instead of hours and years) to fit many failure cycles into each trial; availability depends
// only on MTTF / (MTTF + MTTR), so the figures are those of the real-sized systems.
//
// References:
//   [BA]  R. Billinton, R. N. Allan, Reliability Evaluation of Engineering Systems, 2nd ed.
//         (Plenum, 1992): series/parallel networks; frequency and duration techniques.
//   [RH]  M. Rausand, A. Høyland, System Reliability Theory, 2nd ed. (Wiley, 2004): structure
//         functions, k-out-of-n, pivotal decomposition; component importance (Birnbaum,
//         criticality); availability of repairable items (alternating renewal).
//   [BP]  R. E. Barlow, F. Proschan, Statistical Theory of Reliability and Life Testing (1975):
//         limiting availability of an alternating renewal process and of coherent systems of
//         independent components; system failure frequency sum_i I_B(i) / (MTTF_i + MTTR_i).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "models/analysis.h"
#include "tests/verification/verification_support.h"

using resim::AnalysisError;
using resim::AnalysisMethod;
using resim::analyze_steady_state;
using verification::check_availability;
using verification::check_frequency;
using verification::check_mean_outage;
using verification::compile;
using verification::component;
using verification::mtbf_for;
using verification::row_named;
using verification::simulate;

namespace {

constexpr double MINUTE = 60.0;
constexpr double REL = 1e-12;  // analytic comparisons: a few ulps of accumulated rounding

std::string scenario(const std::string& service, const std::string& components,
                     const std::string& groups = "", const std::string& regions = "") {
  std::string text =
      R"({"name": "case", "service": ")" + service + R"(", "components": [)" + components + "]";
  if (!groups.empty()) text += R"(, "groups": [)" + groups + "]";
  if (!regions.empty()) text += R"(, "regions": [)" + regions + "]";
  return text + "}";
}

// Exact availability by brute force over all 2^n process states with the flat structure
// function: independent of the decision diagram, so agreement checks the diagram itself.
double enumerate_availability(const resim::Topology& topology) {
  resim::StructureFunction structure(topology);
  const std::vector<double> q = verification::process_unavailability(topology);
  const std::size_t n = q.size();
  REQUIRE(n <= 22);
  std::vector<std::uint8_t> up(n);
  double availability = 0.0;
  for (std::uint64_t mask = 0; mask < (std::uint64_t{1} << n); ++mask) {
    double p = 1.0;
    for (std::size_t i = 0; i < n; ++i) {
      up[i] = (mask >> i & 1u) ? 0 : 1;
      p *= up[i] ? 1.0 - q[i] : q[i];
    }
    if (structure.service_up(up.data())) availability += p;
  }
  return availability;
}

// P(at least k of the independent events with probabilities p happen): the Poisson-binomial
// recursion, written out here independently of the solver ([RH] k-out-of-n systems).
double at_least(const std::vector<double>& p, int k) {
  std::vector<double> count(p.size() + 1, 0.0);  // count[j] = P(exactly j so far)
  count[0] = 1.0;
  for (std::size_t i = 0; i < p.size(); ++i)
    for (std::size_t j = i + 1; j-- > 0;) count[j + 1] += count[j] * p[i], count[j] *= 1.0 - p[i];
  double sum = 0.0;
  for (std::size_t j = static_cast<std::size_t>(k); j < count.size(); ++j) sum += count[j];
  return sum;
}

}  // namespace

TEST_CASE("single component: A = MTTF / (MTTF + MTTR), nu = 1 / (MTTF + MTTR)", "[verification]") {
  // [BP], [RH]: limiting availability of an alternating renewal process; one outage per cycle,
  // each lasting one repair.
  const double mttr = MINUTE, mttf = mtbf_for(0.999, mttr);
  const auto topology = compile(scenario("db", component("db", mttf, mttr)), "single");
  const auto r = analyze_steady_state(*topology);
  CHECK(r.availability == Approx(0.999).epsilon(REL));
  CHECK(r.unavailability == Approx(0.001).epsilon(1e-10));
  CHECK(r.failure_frequency_per_s == Approx(1.0 / (mttf + mttr)).epsilon(REL));
  CHECK(r.mean_outage_s == Approx(mttr).epsilon(1e-10));
  CHECK(r.mean_time_between_outages_s == Approx(mttf + mttr).epsilon(REL));
  CHECK(r.mean_up_time_s == Approx(mttf).epsilon(REL));
  CHECK(resim::not_analysable_reasons(*topology, AnalysisMethod::STEADY_STATE).empty());

  const auto sim = simulate(*topology, 400, 500 * mttf);
  check_availability(*topology, sim, r.availability);
  check_frequency(*topology, sim, r.failure_frequency_per_s);
  check_mean_outage(sim, mttr, mttr);  // exponential repair: sd = mean
}

TEST_CASE("series of three at 99.9 %, 99.9 %, 99.95 %: A = product = 0.99750...",
          "[verification]") {
  // [BA] series network: A_s = prod A_i = 0.999 * 0.999 * 0.9995 = 0.9975019995.
  const double mttr = MINUTE;
  const auto topology =
      compile(scenario("svc",
                       component("a", mtbf_for(0.999, mttr), mttr) + "," +
                           component("b", mtbf_for(0.999, mttr), mttr) + "," +
                           component("c", mtbf_for(0.9995, mttr), mttr),
                       R"({"name": "svc", "members": ["a", "b", "c"], "min_up": 3})"),
              "series");
  const auto r = analyze_steady_state(*topology);
  CHECK(r.availability == Approx(0.9975019995).epsilon(REL));
  CHECK(r.availability == Approx(enumerate_availability(*topology)).epsilon(REL));

  const auto sim = simulate(*topology, 400, 300 * mtbf_for(0.999, mttr));
  check_availability(*topology, sim, r.availability);
}

TEST_CASE("two in parallel at 99.9 %: A = 1 - q^2 = 0.999999", "[verification]") {
  // [BA] parallel network: U_p = prod U_i = 1e-6.
  const double mttr = MINUTE, mttf = mtbf_for(0.999, mttr);
  const auto topology = compile(
      scenario("db", component("db", mttf, mttr, R"("count": 2, "min_up": 1)")), "parallel");
  const auto r = analyze_steady_state(*topology);
  CHECK(r.availability == Approx(0.999999).epsilon(REL));
  CHECK(r.unavailability == Approx(1e-6).epsilon(1e-9));

  // About 1000 double failures: 1e6 instance cycles.
  const auto sim = simulate(*topology, 1000, 500 * mttf);
  check_availability(*topology, sim, r.availability);
}

TEST_CASE("2-out-of-3 identical: A = 3A^2 - 2A^3", "[verification]") {
  // [RH] k-out-of-n structure with identical independent components.
  const double a = 0.99, mttr = MINUTE, mttf = mtbf_for(a, mttr);
  const auto topology =
      compile(scenario("app", component("app", mttf, mttr, R"("count": 3, "min_up": 2)")), "2oo3");
  const auto r = analyze_steady_state(*topology);
  const double exact = 3 * a * a - 2 * a * a * a;  // 0.999702
  CHECK(r.availability == Approx(exact).epsilon(REL));
  CHECK(r.unavailability == Approx(1.0 - exact).epsilon(1e-9));

  const auto sim = simulate(*topology, 400, 300 * mttf);
  check_availability(*topology, sim, r.availability);
}

TEST_CASE("nested blocks: a series of two parallel pairs", "[verification]") {
  // [BA] series-parallel reduction: A = (1 - q1^2)(1 - q2^2).
  const double mttr = MINUTE;
  const auto topology =
      compile(scenario("svc",
                       component("web", mtbf_for(0.99, mttr), mttr, R"("count": 2)") + "," +
                           component("db", mtbf_for(0.995, 2 * mttr), 2 * mttr, R"("count": 2)"),
                       R"({"name": "svc", "members": ["web", "db"], "min_up": 2})"),
              "nested");
  const auto r = analyze_steady_state(*topology);
  const double exact = (1 - 0.01 * 0.01) * (1 - 0.005 * 0.005);
  CHECK(r.availability == Approx(exact).epsilon(REL));
  CHECK(r.availability == Approx(enumerate_availability(*topology)).epsilon(REL));

  const auto sim = simulate(*topology, 400, 200 * mtbf_for(0.99, mttr));
  check_availability(*topology, sim, r.availability);
}

TEST_CASE("zone outage as a common cause: three instances in one zone", "[verification]") {
  // [RH] dependent failures: a shared cause in series with the redundant group,
  // A = A_zone * (1 - q^3); the "independent" answer 1 - (1 - A_zone A)^3 is far too high.
  // Instances repaired in 10 minutes, zones in 1: zone outages are then not rarer than instance
  // failures, which keeps the simulation cheap.
  const double mttr = 10 * MINUTE, a = 0.99, a_zone = 0.9995, zone_mttr = MINUTE;
  const auto topology =
      compile(scenario("web",
                       component("web", mtbf_for(a, mttr), mttr,
                                 R"("zones": ["z1"], "per_zone": 3, "min_up": 1)"),
                       "",
                       R"({"name": "r1", "zones": [{"name": "z1", "mtbf": ")" +
                           verification::seconds(mtbf_for(a_zone, zone_mttr)) + R"(", "mttr": ")" +
                           verification::seconds(zone_mttr) + R"("}]})"),
              "zone");
  const auto r = analyze_steady_state(*topology);
  const double exact = a_zone * (1 - std::pow(1 - a, 3));
  const double naive = 1 - std::pow(1 - a_zone * a, 3);
  CHECK(r.availability == Approx(exact).epsilon(REL));
  CHECK(std::fabs(naive - exact) > 4e-4);
  CHECK(row_named(r.entries, "z1").criticality ==
        Approx((1 - std::pow(1 - a, 3)) * 0.0005 / (1 - exact)).epsilon(1e-9));

  const auto sim = simulate(*topology, 400, 100 * mtbf_for(a_zone, zone_mttr));
  check_availability(*topology, sim, r.availability);
  CHECK(std::fabs(sim.availability.mean - naive) > 10 * sim.availability.half_width);
}

TEST_CASE("region and zones: 2 of 3 zones, each zone and the region fail", "[verification]") {
  // [RH] pivotal decomposition on the region: A = A_R * P(at least 2 of 3 of A_z A_i), the zones
  // and instances being independent given the region.
  const double a_region = 0.9999, a_zone = 0.999, a = 0.995;
  // Short region and zone repairs against long instance repairs keep the simulation cheap.
  const double region_mttr = MINUTE, zone_mttr = 2 * MINUTE, mttr = 10 * MINUTE;
  auto zone = [&](const std::string& name) {
    return R"({"name": ")" + name + R"(", "mtbf": ")" +
           verification::seconds(mtbf_for(a_zone, zone_mttr)) + R"(", "mttr": ")" +
           verification::seconds(zone_mttr) + R"("})";
  };
  const std::string regions =
      R"({"name": "r1", "mtbf": ")" + verification::seconds(mtbf_for(a_region, region_mttr)) +
      R"(", "mttr": ")" + verification::seconds(region_mttr) + R"(", "zones": [)" + zone("z1") +
      "," + zone("z2") + "," + zone("z3") + "]}";
  const auto topology = compile(
      scenario("app", component("app", mtbf_for(a, mttr), mttr, R"("region": "r1", "min_up": 2)"),
               "", regions),
      "region");
  const auto r = analyze_steady_state(*topology);
  const double x = a_zone * a;
  const double exact = a_region * (3 * x * x - 2 * x * x * x);
  CHECK(r.availability == Approx(exact).epsilon(REL));
  CHECK(r.availability == Approx(enumerate_availability(*topology)).epsilon(REL));

  // ~1000 region outages.
  const auto sim = simulate(*topology, 500, 2 * mtbf_for(a_region, region_mttr));
  check_availability(*topology, sim, r.availability);
}

TEST_CASE("a block required by two others: shared, where naive formulas are wrong",
          "[verification]") {
  // [RH] pivotal decomposition on the shared block: A = A_db * (1 - q_1 q_2). Multiplying the
  // two stacks' availabilities as if independent counts the database twice.
  const double mttr = MINUTE, a_db = 0.999, a1 = 0.99, a2 = 0.98;
  const auto topology = compile(
      scenario("svc",
               component("db", mtbf_for(a_db, mttr), mttr) + "," +
                   component("stack1", mtbf_for(a1, mttr), mttr, R"("requires": ["db"])") + "," +
                   component("stack2", mtbf_for(a2, mttr), mttr, R"("requires": ["db"])"),
               R"({"name": "svc", "members": ["stack1", "stack2"], "min_up": 1})"),
      "shared");
  const auto r = analyze_steady_state(*topology);
  const double exact = a_db * (1 - (1 - a1) * (1 - a2));       // 0.9988002
  const double naive = 1 - (1 - a1 * a_db) * (1 - a2 * a_db);  // 0.99976943...
  CHECK(r.availability == Approx(exact).epsilon(REL));
  CHECK(r.availability == Approx(enumerate_availability(*topology)).epsilon(REL));
  CHECK(naive - exact > 9e-4);

  const auto sim = simulate(*topology, 200, 150 * mtbf_for(a_db, mttr));
  check_availability(*topology, sim, r.availability);
  CHECK(std::fabs(sim.availability.mean - naive) > 10 * sim.availability.half_width);
}

TEST_CASE("k-out-of-n with non-identical inputs: Poisson-binomial", "[verification]") {
  // [RH] k-out-of-n with different component reliabilities:
  // P(>= 2 of 3) = a1 a2 a3 + a1 a2 q3 + a1 q2 a3 + q1 a2 a3.
  const double mttr = MINUTE;
  const std::vector<double> a{0.99, 0.995, 0.999};
  const auto topology =
      compile(scenario("svc",
                       component("a", mtbf_for(a[0], mttr), mttr) + "," +
                           component("b", mtbf_for(a[1], mttr), mttr) + "," +
                           component("c", mtbf_for(a[2], mttr), mttr),
                       R"({"name": "svc", "members": ["a", "b", "c"], "min_up": 2})"),
              "kofn");
  const auto r = analyze_steady_state(*topology);
  const double exact = a[0] * a[1] * a[2] + a[0] * a[1] * (1 - a[2]) + a[0] * (1 - a[1]) * a[2] +
                       (1 - a[0]) * a[1] * a[2];
  CHECK(r.availability == Approx(exact).epsilon(REL));
  CHECK(r.availability == Approx(at_least(a, 2)).epsilon(REL));

  SECTION("3 of 5 and 1 of 5 against the recursion written out") {
    const std::vector<double> five{0.9, 0.95, 0.97, 0.99, 0.8};
    std::string components;
    for (std::size_t i = 0; i < five.size(); ++i)
      components +=
          (i ? "," : "") + component("m" + std::to_string(i), mtbf_for(five[i], mttr), mttr);
    for (int k : {1, 3, 5}) {
      const auto t = compile(
          scenario("svc", components,
                   R"({"name": "svc", "members": ["m0", "m1", "m2", "m3", "m4"], "min_up": )" +
                       std::to_string(k) + "}"),
          "kofn5");
      CHECK(analyze_steady_state(*t).availability == Approx(at_least(five, k)).epsilon(REL));
    }
  }

  const auto sim = simulate(*topology, 400, 300 * mtbf_for(a[0], mttr));
  check_availability(*topology, sim, r.availability);
}

TEST_CASE("failure frequency of a series system: nu = A_s * sum lambda_i", "[verification]") {
  // [BA] frequency and duration of a series system: with exponential components the system
  // leaves its up state at rate sum lambda_i, so nu = A_s sum lambda_i and the mean outage is
  // U_s / nu. [BP]: nu = sum_i I_B(i) / (MTTF_i + MTTR_i) gives the same, I_B(i) = prod_{j!=i} A_j.
  const std::vector<double> mttf{mtbf_for(0.999, MINUTE), mtbf_for(0.998, 2 * MINUTE),
                                 mtbf_for(0.9995, 3 * MINUTE)};
  const std::vector<double> mttr{MINUTE, 2 * MINUTE, 3 * MINUTE};
  const auto topology =
      compile(scenario("svc",
                       component("a", mttf[0], mttr[0]) + "," + component("b", mttf[1], mttr[1]) +
                           "," + component("c", mttf[2], mttr[2]),
                       R"({"name": "svc", "members": ["a", "b", "c"], "min_up": 3})"),
              "series-frequency");
  const auto r = analyze_steady_state(*topology);
  double a_s = 1.0, lambda = 0.0;
  for (int i = 0; i < 3; ++i) a_s *= mttf[i] / (mttf[i] + mttr[i]), lambda += 1.0 / mttf[i];
  CHECK(r.failure_frequency_per_s == Approx(a_s * lambda).epsilon(REL));
  CHECK(r.mean_outage_s == Approx((1 - a_s) / (a_s * lambda)).epsilon(1e-9));
  CHECK(r.mean_up_time_s ==
        Approx(1.0 / lambda).epsilon(REL));  // series: up until the first failure

  const auto sim = simulate(*topology, 400, 300 * mttf[0]);
  check_availability(*topology, sim, r.availability);
  check_frequency(*topology, sim, r.failure_frequency_per_s);
  // An outage is one repair, sometimes lengthened by an overlapping failure: sd <= 1.5 max MTTR.
  check_mean_outage(sim, r.mean_outage_s, 1.5 * mttr[2]);
}

TEST_CASE("failure frequency of two in parallel: nu = q1 q2 (mu1 + mu2)", "[verification]") {
  // [BA] frequency and duration of a parallel system: the down state (both failed) is left at
  // rate mu1 + mu2, so nu = q1 q2 (mu1 + mu2) and the mean outage is exactly 1 / (mu1 + mu2)
  // (the shorter of two memoryless residual repairs, itself exponential). For identical
  // components nu = 2 lambda^2 mu / (lambda + mu)^2.
  const double mttr1 = MINUTE, mttr2 = 3 * MINUTE;
  const double mttf1 = mtbf_for(0.99, mttr1), mttf2 = mtbf_for(0.98, mttr2);
  const auto topology =
      compile(scenario("svc", component("a", mttf1, mttr1) + "," + component("b", mttf2, mttr2),
                       R"({"name": "svc", "members": ["a", "b"], "min_up": 1})"),
              "parallel-frequency");
  const auto r = analyze_steady_state(*topology);
  const double q1 = 0.01, q2 = 0.02, mu = 1 / mttr1 + 1 / mttr2;
  CHECK(r.unavailability == Approx(q1 * q2).epsilon(1e-9));
  CHECK(r.failure_frequency_per_s == Approx(q1 * q2 * mu).epsilon(1e-9));
  CHECK(r.mean_outage_s == Approx(1 / mu).epsilon(1e-9));

  SECTION("identical pair") {
    const double lambda = 1 / mttf1, m = 1 / mttr1;
    const auto pair = compile(scenario("a", component("a", mttf1, mttr1, R"("count": 2)")), "pair");
    CHECK(analyze_steady_state(*pair).failure_frequency_per_s ==
          Approx(2 * lambda * lambda * m / ((lambda + m) * (lambda + m))).epsilon(1e-9));
  }

  const auto sim = simulate(*topology, 400, 300 * mttf1);
  check_availability(*topology, sim, r.availability);
  check_frequency(*topology, sim, r.failure_frequency_per_s);
  check_mean_outage(sim, 1 / mu, 1 / mu);
}

TEST_CASE("Birnbaum and criticality importance, one more nine: series and parallel",
          "[verification]") {
  // [RH] component importance: series I_B(i) = prod_{j!=i} A_j; parallel I_B(i) = prod_{j!=i} q_j;
  // criticality I_C(i) = I_B(i) q_i / U_s (in a parallel system every component is critical in
  // every system failure: I_C = 1). A_s is linear in each A_i, so dividing q_i by 10 gains
  // exactly 0.9 q_i I_B(i). Outages started by i: I_B(i) / (MTTF_i + MTTR_i) [BP].
  const double mttr = MINUTE;
  const std::vector<double> a{0.999, 0.998, 0.9995};
  auto build = [&](int min_up, const std::string& name) {
    return compile(scenario("svc",
                            component("a", mtbf_for(a[0], mttr), mttr) + "," +
                                component("b", mtbf_for(a[1], mttr), mttr) + "," +
                                component("c", mtbf_for(a[2], mttr), mttr),
                            R"({"name": "svc", "members": ["a", "b", "c"], "min_up": )" +
                                std::to_string(min_up) + "}"),
                   name);
  };
  const std::vector<std::string> names{"a", "b", "c"};

  SECTION("series") {
    const auto topology = build(3, "series-importance");
    const auto r = analyze_steady_state(*topology);
    const double a_s = a[0] * a[1] * a[2];
    for (int i = 0; i < 3; ++i) {
      const auto& row = row_named(r.processes, names[i]);
      const double ib = a_s / a[i], qi = 1 - a[i];
      CHECK(row.birnbaum == Approx(ib).epsilon(REL));
      CHECK(row.criticality == Approx(ib * qi / (1 - a_s)).epsilon(1e-9));
      CHECK(row.gain == Approx(0.9 * qi * ib).epsilon(1e-9));
      CHECK(row.availability_with_one_more_nine == Approx(a_s / a[i] * (1 - qi / 10)).epsilon(REL));
      CHECK(row.outages_caused_per_s == Approx(ib * (1 - a[i]) / mttr).epsilon(1e-9));
    }
    // Ranked by gain: b has the largest unavailability, then a, then c.
    CHECK(r.processes[0].name == "b");
    CHECK(r.processes[1].name == "a");
    CHECK(r.processes[2].name == "c");

    // Each outage is started by one process: the simulated causes against I_B(i) f_i.
    const double horizon = 300 * mtbf_for(a[0], mttr);
    const auto sim = simulate(*topology, 400, horizon);
    check_availability(*topology, sim, r.availability);
    const double exposure_s = 400 * horizon;
    for (const auto& cause : sim.causes) {
      const double seen = cause.outages_per_year * exposure_s / resim::SECONDS_PER_YEAR;
      const double expected = row_named(r.processes, cause.name).outages_caused_per_s * exposure_s;
      INFO(cause.name << ": " << seen << " outages, expected " << expected);
      CHECK(std::fabs(seen - expected) <=
            verification::Z999 * std::sqrt(expected) + 1);  // Poisson count
    }
  }

  SECTION("parallel") {
    const auto topology = build(1, "parallel-importance");
    const auto r = analyze_steady_state(*topology);
    const double u_s = (1 - a[0]) * (1 - a[1]) * (1 - a[2]);
    for (int i = 0; i < 3; ++i) {
      const auto& row = row_named(r.processes, names[i]);
      CHECK(row.birnbaum == Approx(u_s / (1 - a[i])).epsilon(1e-9));
      CHECK(row.criticality == Approx(1.0).epsilon(1e-9));
      CHECK(row.gain == Approx(0.9 * u_s).epsilon(1e-9));  // each divides U_s by 10
    }
    CHECK(r.unavailability == Approx(u_s).epsilon(1e-9));
    // A triple failure is rare: check the simulation with more common components instead.
  }
}

TEST_CASE("one more nine for a component entry: all its instances at once", "[verification]") {
  // Closed form: service = (1 of 2 "web") in series with "db". Dividing each web instance's
  // unavailability by 10 gives A' = (1 - (q/10)^2) A_db; a single instance gives
  // (1 - q q/10) A_db. The entry's Birnbaum sum is 2 q A_db (d/dA of (1 - (1-A)^2) A_db).
  // Checked by simulating the improved scenario (MTTR / 10) as well.
  const double mttr = MINUTE, a = 0.99, a_db = 0.999;
  const double q = 1 - a;
  auto build = [&](double web_mttr) {
    const double web_mttf = mtbf_for(a, mttr);  // same MTTF, shorter repair
    return compile(scenario("svc",
                            component("web", web_mttf, web_mttr, R"("count": 2)") + "," +
                                component("db", mtbf_for(a_db, mttr), mttr),
                            R"({"name": "svc", "members": ["web", "db"], "min_up": 2})"),
                   "entry");
  };
  const auto topology = build(mttr);
  const auto r = analyze_steady_state(*topology);
  const auto& web = row_named(r.entries, "web");
  CHECK(web.processes == 2);
  CHECK(web.birnbaum == Approx(2 * q * a_db).epsilon(1e-9));
  CHECK(web.availability_with_one_more_nine == Approx((1 - q * q / 100) * a_db).epsilon(REL));
  CHECK(web.gain == Approx((q * q - q * q / 100) * a_db).epsilon(1e-9));
  CHECK(row_named(r.processes, "web#1").availability_with_one_more_nine ==
        Approx((1 - q * q / 10) * a_db).epsilon(REL));
  const auto& db = row_named(r.entries, "db");
  CHECK(db.availability_with_one_more_nine ==
        Approx((1 - q * q) * (1 - (1 - a_db) / 10)).epsilon(REL));
  CHECK(r.entries.front().name == "db");  // the bigger gain: db is a single point of failure

  // MTTR / 10 with the same MTTF: q' = MTTR'/(MTTF + MTTR') is a little less than q / 10, so
  // compare the simulation with the exact value of that scenario, and that with the nine.
  const auto improved = build(mttr / 10);
  const auto r2 = analyze_steady_state(*improved);
  CHECK(r2.availability == Approx(web.availability_with_one_more_nine).epsilon(1e-5));
  const auto sim = simulate(*improved, 200, 200 * mtbf_for(a_db, mttr));
  check_availability(*improved, sim, r2.availability);
}

TEST_CASE("insensitivity: non-exponential ttf and ttr, steady state depends on the means only",
          "[verification]") {
  // [BP], [RH]: the limiting availability of an alternating renewal process is E[U]/(E[U]+E[D])
  // whatever the distributions, and a coherent system of independent processes has availability
  // h(A_1..A_n). Weibull(1.5, s) mean s Gamma(5/3); lognormal mean median exp(sigma^2/2);
  // gamma(k, theta) mean k theta; uniform(a, b) mean (a + b) / 2.
  const std::string text = R"({"name": "mixed", "service": "svc",
    "components": [
      {"name": "a", "ttf": {"dist": "weibull", "shape": 1.5, "scale": "100m"},
                    "ttr": {"dist": "lognormal", "median": "30s", "p95": "2m"}},
      {"name": "b", "ttf": {"dist": "gamma", "shape": 2, "scale": "40m"},
                    "ttr": {"dist": "uniform", "min": "30s", "max": "90s"}, "count": 2}
    ],
    "groups": [{"name": "svc", "members": ["a", "b"], "min_up": 2}]})";
  const auto topology = compile(text, "mixed");
  const auto& p = topology->processes();
  auto avail = [](const resim::Process& process) {
    return process.ttf->mean() / (process.ttf->mean() + process.ttr->mean());
  };
  const double ua = 100 * MINUTE * std::tgamma(1 + 1 / 1.5);
  const double sigma = std::log(4.0) / 1.6448536269514722;
  const double da = 30 * std::exp(sigma * sigma / 2);
  CHECK(avail(p[0]) == Approx(ua / (ua + da)).epsilon(1e-9));
  CHECK(avail(p[1]) == Approx(80.0 / (80.0 + 1.0)).epsilon(1e-9));
  const double exact = avail(p[0]) * (1 - std::pow(1 - avail(p[1]), 2));
  const auto r = analyze_steady_state(*topology);
  CHECK(r.availability == Approx(exact).epsilon(REL));

  // Steady state: always analysable; the Markov chain needs exponential distributions.
  CHECK(resim::not_analysable_reasons(*topology, AnalysisMethod::STEADY_STATE).empty());
  const auto reasons = resim::not_analysable_reasons(*topology, AnalysisMethod::MARKOV);
  REQUIRE(reasons.size() == 4);
  CHECK(reasons[0] ==
        "the CTMC needs exponential distributions: 'a' ttf is weibull(shape 1.5, scale 1h 40m)");
  CHECK(reasons[1].find("'a' ttr is lognormal") != std::string::npos);
  CHECK(reasons[3].find("'b' ttr is uniform") != std::string::npos);
  CHECK_THROWS_WITH(resim::MarkovModel(*topology), Catch::Contains("'a' ttr is lognormal"));

  const auto sim = simulate(*topology, 400, 300 * ua);
  check_availability(*topology, sim, r.availability);
  check_frequency(*topology, sim, r.failure_frequency_per_s);
}

TEST_CASE("bundled three-zone web scenario: diagram, enumeration and simulation agree",
          "[verification]") {
  // No closed form: the reference is exhaustive enumeration of all 2^15 process states with
  // the flat structure function (independent of the decision diagram), then the simulator.
  const auto topology = std::make_unique<resim::Topology>(
      resim::load_scenario(RESIM_SOURCE_DIR "/scenarios/three-zone-web.json"));
  REQUIRE(topology->processes().size() == 15);
  const auto r = analyze_steady_state(*topology);
  CHECK(r.availability == Approx(enumerate_availability(*topology)).epsilon(REL));
  // The region is nearly all of the downtime (the simulator's cause table says 99.5 %).
  CHECK(r.entries.front().name == "us-east-1");
  CHECK(r.entries.front().criticality > 0.99);

  const auto sim = simulate(*topology, 20000, resim::SECONDS_PER_YEAR);
  check_availability(*topology, sim, r.availability);
  check_frequency(*topology, sim, r.failure_frequency_per_s);
}

TEST_CASE("work limits: clear errors instead of hangs", "[verification]") {
  SECTION("a huge k-out-of-n needs more diagram nodes than the limit") {
    // at least 2000 of 4000: the k-of-n diagram has about 2000 * 2000 = 4e6 nodes.
    const auto topology = compile(
        scenario("big", component("big", 1000, 1, R"("count": 4000, "min_up": 2000)")), "big");
    CHECK_THROWS_WITH(analyze_steady_state(*topology),
                      Catch::Contains("component 'big' (4000 instances, min_up 2000)") &&
                          Catch::Contains("too large"));
  }
  SECTION("large redundancy with min_up 1 stays small") {
    const auto topology =
        compile(scenario("big", component("big", 1000, 1, R"("count": 50000)")), "wide");
    const auto r = analyze_steady_state(*topology);
    CHECK(r.unavailability == 0.0);  // (1/1001)^50000 underflows: exactly what the product gives
  }
  SECTION("the Markov chain names the process count and the limit") {
    const auto topology =
        compile(scenario("big", component("big", 1000, 1, R"("count": 21)")), "many");
    const auto reasons = resim::not_analysable_reasons(*topology, AnalysisMethod::MARKOV);
    REQUIRE(reasons.size() == 1);
    CHECK(reasons[0].find("21 processes") != std::string::npos);
    CHECK(reasons[0].find("limit of 20 processes") != std::string::npos);
    CHECK_THROWS_AS(resim::MarkovModel(*topology), AnalysisError);
  }
  SECTION("FIFO crews: the queue order makes the state space factorial") {
    const auto topology =
        compile(scenario("big", component("big", 1000, 1, R"("count": 10)")), "crews");
    const auto reasons = resim::not_analysable_reasons(*topology, AnalysisMethod::MARKOV, 1);
    REQUIRE(reasons.size() == 1);
    CHECK(reasons[0] ==
          "with 1 repair crew for 10 instances the FIFO queue order is part of the state: the CTMC "
          "has 9864101 states, more than the limit of 1048576");
    CHECK(resim::not_analysable_reasons(*topology, AnalysisMethod::MARKOV, 0).empty());
    CHECK(resim::not_analysable_reasons(*topology, AnalysisMethod::STEADY_STATE, 1).size() == 1);
  }
}
