// Shared helpers of the verification suite: scenarios from JSON text, the simulation run every
// analytic case is also checked against, and the tolerance of that comparison.
#pragma once

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "models/analysis.h"
#include "models/duration.h"
#include "models/scenario.h"
#include "models/topology.h"
#include "sim/results.h"
#include "sim/runner.h"

namespace verification {

// The simulator reports 95 % Student-t half-widths; the suite accepts anything inside the
// 99.9 % interval. With ~1000 trials t is normal to three digits, so the 99.9 % half-width is
// the 95 % one times z(0.9995) / z(0.975) = 3.2905 / 1.9600. Over the ~20 simulated cases a
// false alarm then has a probability of about 2 % (the seeds are fixed, so a run either
// passes or fails for good).
inline constexpr double Z95 = 1.959963984540054;
inline constexpr double Z999 = 3.2905267314919255;
inline constexpr double WIDEN_TO_999 = Z999 / Z95;
inline constexpr std::uint64_t SEED = 20240601;

// Seconds as a scenario duration string ("1234.5s").
inline std::string seconds(double s) {
  std::ostringstream out;
  out.precision(12);
  out << s << "s";
  return out.str();
}

// A component with exponential ttf and ttr; `extra` is more JSON keys, e.g. "\"count\": 2".
inline std::string component(const std::string& name, double mtbf_s, double mttr_s,
                             const std::string& extra = "") {
  return R"({"name": ")" + name + R"(", "mtbf": ")" + seconds(mtbf_s) + R"(", "mttr": ")" +
         seconds(mttr_s) + "\"" + (extra.empty() ? "" : ", " + extra) + "}";
}

// MTTF for a target availability with a given MTTR: A = MTTF / (MTTF + MTTR).
inline double mtbf_for(double availability, double mttr_s) {
  return availability / (1.0 - availability) * mttr_s;
}

inline std::unique_ptr<resim::Topology> compile(const std::string& json, const std::string& name) {
  return std::make_unique<resim::Topology>(resim::parse_scenario(json, name + ".json"));
}

inline std::vector<double> process_unavailability(const resim::Topology& topology) {
  std::vector<double> q;
  for (const auto& p : topology.processes())
    q.push_back(p.ttr->mean() / (p.ttf->mean() + p.ttr->mean()));
  return q;
}

// Birnbaum importance in process order (analyze_steady_state ranks its rows instead).
inline std::vector<double> birnbaum_in_process_order(const resim::Topology& topology) {
  return resim::AvailabilityDiagram(topology).birnbaum(process_unavailability(topology));
}

// The simulator starts every process up, so a horizon of length H over-states availability.
// For one alternating renewal process started at the beginning of an up period U (then down D,
// cycle C), the excess up time over the stationary share tends to
//   c = (A E[C^2] - E[U^2]) / (2 E[C])   (renewal-reward; c = lambda / (lambda + mu)^2 when both
// are exponential). To first order the service's excess is sum_i I_B(i) c_i, so its time-average
// availability over H is biased by about sum_i I_B(i) c_i / H. The suite keeps this below a
// quarter of the statistical tolerance (horizon >> MTTR) and adds it to the tolerance.
inline double startup_bias(const resim::Topology& topology, double horizon_s) {
  const std::vector<double> ib = birnbaum_in_process_order(topology);
  double bias = 0.0;
  for (std::size_t i = 0; i < topology.processes().size(); ++i) {
    const auto& p = topology.processes()[i];
    const double u = p.ttf->mean(), d = p.ttr->mean();
    const double u2 = p.ttf->variance() + u * u, d2 = p.ttr->variance() + d * d;
    const double c = u + d, c2 = u2 + 2.0 * u * d + d2;
    const double a = u / c;
    bias += ib[i] * std::fabs((a * c2 - u2) / (2.0 * c));
  }
  return bias / horizon_s;
}

inline resim::Results simulate(const resim::Topology& topology, std::int64_t trials,
                               double horizon_s, std::uint64_t seed = SEED) {
  resim::RunOptions options;
  options.trials = trials;
  options.seed = seed;
  options.threads = 0;
  options.horizon_s = horizon_s;
  const resim::RunData data = resim::run_trials(topology, options);
  return resim::summarize(topology, options, data);
}

// |simulated - exact| within the 99.9 % interval (plus the start-up bias, kept negligible).
inline void check_availability(const resim::Topology& topology, const resim::Results& sim,
                               double exact) {
  const double allowed = sim.availability.half_width * WIDEN_TO_999;
  const double bias = startup_bias(topology, sim.horizon_s);
  INFO("exact " << exact << ", simulated " << sim.availability.mean << " +- "
                << sim.availability.half_width << " (95 %), allowed " << allowed
                << " + start-up bias " << bias << ", " << sim.outage_durations.count << " outages, "
                << sim.events << " events");
  REQUIRE(sim.outage_durations.count >= 100);  // enough outages for the interval to mean something
  REQUIRE(bias <= 0.25 * allowed);
  CHECK(std::fabs(sim.availability.mean - exact) <= allowed + bias);
}

// Outages per year against nu. Start-up: failures of a process started up at 0 are a delayed
// renewal process (first failure after U, then one per cycle C), whose expected count by H is
// H / E[C] + E[C^2] / (2 E[C]^2) - E[U] / E[C] + o(1) (the delayed renewal theorem): almost
// nothing for exponential ttf, a third of a failure per trial for a Weibull(1.5). A share
// I_B(i) of those failures starts an outage.
inline void check_frequency(const resim::Topology& topology, const resim::Results& sim,
                            double nu_per_s) {
  const double exact = nu_per_s * resim::SECONDS_PER_YEAR;
  const std::vector<double> ib = birnbaum_in_process_order(topology);
  double bias = 0.0;
  for (std::size_t i = 0; i < ib.size(); ++i) {
    const auto& p = topology.processes()[i];
    const double u = p.ttf->mean(), d = p.ttr->mean();
    const double c = u + d, c2 = p.ttf->variance() + p.ttr->variance() + c * c;
    bias += ib[i] * std::fabs(c2 / (2.0 * c * c) - u / c);
  }
  bias *= resim::SECONDS_PER_YEAR / sim.horizon_s;
  const double allowed = sim.outages_per_year.half_width * WIDEN_TO_999;
  INFO("exact " << exact << " outages/y, simulated " << sim.outages_per_year.mean << " +- "
                << sim.outages_per_year.half_width << " (95 %), allowed " << allowed
                << " + start-up " << bias);
  REQUIRE(bias <= 0.25 * allowed);
  CHECK(std::fabs(sim.outages_per_year.mean - exact) <= allowed + bias);
}

// Mean outage duration against its exact value, with the standard error of the sample mean of
// the observed durations (they are independent once the service is back up).
inline void check_mean_outage(const resim::Results& sim, double exact_s, double duration_sd_s) {
  const double n = static_cast<double>(sim.outage_durations.count);
  const double allowed = Z999 * duration_sd_s / std::sqrt(n);
  INFO("exact mean outage " << exact_s << " s, simulated " << sim.outage_durations.mean_s
                            << " s over " << n << " outages, allowed " << allowed);
  CHECK(std::fabs(sim.outage_durations.mean_s - exact_s) <= allowed);
}

inline const resim::ProcessImportance& row_named(const std::vector<resim::ProcessImportance>& rows,
                                                 const std::string& name) {
  for (const auto& row : rows)
    if (row.name == name) return row;
  FAIL("no importance row named " << name);
  return rows.front();
}

}  // namespace verification
