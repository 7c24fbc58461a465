// Exact analytic solutions of a compiled Topology: steady-state availability, outage frequency
// and importance measures for independent failure processes (any distributions), and a
// continuous-time Markov chain for exponential models (transient availability, repair crews).
// They check the simulator and rank improvements without sampling noise.
// docs/analysis.md describes the methods, their assumptions and their limits.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/topology.h"

namespace resim {

// The model is outside what an exact method can do (too large, wrong distributions); the
// message names what is too large or what prevents the answer.
class AnalysisError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Work limits: past them the exact methods refuse with AnalysisError instead of running for hours.
inline constexpr std::size_t MAX_DIAGRAM_NODES = 2'000'000;
inline constexpr std::uint64_t MAX_DIAGRAM_STEPS = 100'000'000;  // if-then-else recursion steps
inline constexpr std::size_t MAX_MARKOV_PROCESSES = 20;
inline constexpr std::size_t MAX_MARKOV_STATES = std::size_t{1} << 20;
inline constexpr std::size_t MAX_DIRECT_STATES = 1024;     // SparseLU up to here, BiCGSTAB above
inline constexpr double MAX_UNIFORMIZATION_WORK = 2e10;    // matrix entries touched
inline constexpr double UNIFORMIZATION_TOLERANCE = 1e-10;  // absolute, on availability

// The service's structure function on a flat vector of process states: vertices that feed the
// service in topological order, inputs in compressed rows. Evaluation allocates nothing; it
// keeps scratch state, so use one instance per thread.
class StructureFunction {
 public:
  // with_failover false: failover groups are refused (AnalysisError). true: a failover group's
  // vertex is up while everything it requires is up and its controller serves, which the
  // caller passes to service_up (the Markov chain tracks the controllers).
  explicit StructureFunction(const Topology& topology, bool with_failover = false);

  // process_up[i] is the state of topology.processes()[i] (non-zero: up); failover_serving[g]
  // whether failover group g (Scenario::failover_groups) serves, needed only with failover.
  bool service_up(const std::uint8_t* process_up, const std::uint8_t* failover_serving = nullptr);
  std::size_t process_count() const { return process_count_; }

 private:
  std::vector<std::uint32_t> input_begin_;  // per step, into input_step_
  std::vector<std::uint32_t> input_step_;   // the step that computes the input
  std::vector<std::uint8_t> input_is_member_;
  std::vector<std::int32_t> min_up_;
  std::vector<std::int32_t> process_;   // -1: the vertex never fails by itself
  std::vector<std::int32_t> failover_;  // -1: not a failover group
  std::vector<std::uint8_t> up_;        // scratch, one per step; the service is the last step
  std::size_t process_count_ = 0;
};

struct ServiceProbability {
  double availability = 1.0;
  double unavailability = 0.0;  // computed directly, not as 1 - availability, to keep its digits
};

// The structure function as a reduced ordered binary decision diagram over the processes that
// feed the service. P(service up) for independent processes is one pass over it, and every
// Birnbaum importance one more. Exact; throws AnalysisError naming the block being built when
// the diagram would exceed MAX_DIAGRAM_NODES or MAX_DIAGRAM_STEPS.
class AvailabilityDiagram {
 public:
  explicit AvailabilityDiagram(const Topology& topology);

  // unavailability[i] = P(topology.processes()[i] is down); the processes must be independent.
  ServiceProbability evaluate(const std::vector<double>& unavailability) const;
  // I_B(i) = P(service up | i up) - P(service up | i down); 0 for processes the service ignores.
  std::vector<double> birnbaum(const std::vector<double>& unavailability) const;
  std::size_t node_count() const { return nodes_.size(); }
  std::size_t variable_count() const { return variable_process_.size(); }

 private:
  struct Node {
    std::uint32_t variable;
    std::uint32_t low;   // the variable's process down
    std::uint32_t high;  // the variable's process up
  };
  void evaluate_nodes(const std::vector<double>& unavailability, std::vector<double>& up,
                      std::vector<double>& down) const;

  std::vector<Node> nodes_;  // children before parents; 0 = service down, 1 = service up
  std::vector<std::uint32_t> variable_process_;  // diagram variable -> process index
  std::size_t process_count_ = 0;
  std::uint32_t root_ = 0;
};

// One row of the importance table: a process, or a scenario entry (a component with all its
// instances, a zone, a region).
struct ProcessImportance {
  std::string name;
  CauseKind kind = CauseKind::COMPONENT;
  int processes = 1;          // processes in this row: a component entry's instance count
  double availability = 1.0;  // steady state of one of its processes, MTTF / (MTTF + MTTR)
  double birnbaum = 0.0;      // entry: sum over its processes = dA_sys/dA when all move together
  double criticality = 0.0;   // I_B (1 - A_i) / (1 - A_sys); entry: sum over its processes
  double outages_caused_per_s = 0.0;  // I_B * f_i: rate of service outages this row starts
  double availability_with_one_more_nine = 1.0;  // service, with the row's unavailability / 10
  double gain = 0.0;  // availability_with_one_more_nine - service availability
};

struct AnalysisResult {
  double availability = 1.0;
  double unavailability = 0.0;
  double failure_frequency_per_s = 0.0;      // nu: service outages per second
  double mean_outage_s = 0.0;                // (1 - A) / nu
  double mean_time_between_outages_s = 0.0;  // 1 / nu: from one outage's start to the next's
  double mean_up_time_s = 0.0;               // A / nu: from one restoration to the next outage
  std::vector<ProcessImportance> processes;  // every process, largest gain first
  std::vector<ProcessImportance> entries;    // per component, zone and region, largest gain first
  std::vector<std::string> notes;
  std::string method = "diagram";  // "diagram" or "markov"
};

// Steady state of independent alternating renewal processes: exact for any distributions.
// Throws AnalysisError when the diagram is too large or a process has no defined availability.
AnalysisResult analyze_steady_state(const Topology& topology);

enum class AnalysisMethod : std::uint8_t { STEADY_STATE, MARKOV };

// The same figures from the continuous-time Markov chain: for exponential models with failover
// groups or shared crews, which the decision diagram cannot take. No importance ranking (a note
// says so). Throws AnalysisError with the reasons when the chain cannot be built.
AnalysisResult analyze_markov(const Topology& topology);

// Why `method` cannot give an exact answer for this topology; empty when it can.
std::vector<std::string> not_analysable_reasons(const Topology& topology, AnalysisMethod method,
                                                int crews = 0);

// States of the Markov chain for one crew pool: 2^processes without crews; with crews the FIFO
// queue order is part of the state. A double because it can be astronomically large.
double markov_state_count(std::size_t crew_processes, std::size_t other_processes, int crews);

// CTMC over the up/down states of every process the service depends on; all ttf and ttr must
// be exponential. Repair crews: with crews N > 0 every component instance shares one pool of N
// crews; with crews 0 the scenario's own pools apply ("crews" and a component's "crew"), one
// FIFO queue per pool, and processes without a crew are repaired at once. Zone and region
// outages never wait for a crew. Giving both is refused.
// Failover groups of two single-instance hot-standby components, failback none, exponential
// detection, switch-over and manual response and steps, are part of the state (controller
// phase and active member), following sim/failover.cpp; docs/analysis.md lists the rules and
// what is refused.
class MarkovModel {
 public:
  explicit MarkovModel(const Topology& topology, int crews = 0);
  ~MarkovModel();
  MarkovModel(MarkovModel&&) noexcept;
  MarkovModel& operator=(MarkovModel&&) noexcept;

  std::size_t state_count() const;
  std::size_t process_count() const;
  double steady_state_availability() const;
  // Summed over down states directly, not 1 - availability, to keep its digits.
  double steady_state_unavailability() const;
  // Rate of up -> down transitions of the service in the steady state: outages per second.
  double outage_frequency_per_s() const;
  // A(t) from the all-up state, by uniformization; absolute error <= UNIFORMIZATION_TOLERANCE.
  std::vector<double> point_availability(const std::vector<double>& times_s) const;
  // (1/H) * integral of A(t) over [0, H] from the all-up state: what one simulated horizon of
  // length H measures on average.
  double interval_availability(double horizon_s) const;

 private:
  struct Chain;
  std::unique_ptr<Chain> chain_;
};

double markov_steady_state_availability(const Topology& topology, int crews = 0);
std::vector<double> point_availability(const Topology& topology, const std::vector<double>& times_s,
                                       int crews = 0);

}  // namespace resim
