#include "models/analysis.h"

#include <Eigen/IterativeLinearSolvers>
#include <Eigen/Sparse>
#include <Eigen/SparseLU>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <sstream>
#include <unordered_map>
#include <utility>

#include "sim/random.h"

namespace resim {

namespace {

// ---- topology helpers ----------------------------------------------------------------------

// Every vertex the service depends on, each after all of its inputs; the service comes last.
// Iterative depth-first post-order over in-edges: a component can have 100000 instances.
std::vector<Vertex> service_inputs_in_order(const Topology& topology) {
  const auto& graph = topology.graph();
  using InEdge = TopologyGraph::in_edge_iterator;
  struct Frame {
    Vertex vertex;
    InEdge next;
    InEdge end;
  };
  std::vector<std::uint8_t> seen(boost::num_vertices(graph), 0);
  std::vector<Vertex> order;
  std::vector<Frame> stack;
  const auto [begin, end] = boost::in_edges(topology.root(), graph);
  stack.push_back(Frame{topology.root(), begin, end});
  seen[topology.root()] = 1;
  while (!stack.empty()) {
    Frame& top = stack.back();
    if (top.next == top.end) {
      order.push_back(top.vertex);
      stack.pop_back();
      continue;
    }
    const Vertex input = boost::source(*top.next, graph);
    ++top.next;
    if (seen[input]) continue;
    seen[input] = 1;
    const auto [input_begin, input_end] = boost::in_edges(input, graph);
    stack.push_back(Frame{input, input_begin, input_end});  // `top` is invalid from here on
  }
  return order;
}

std::vector<std::uint8_t> feeds_service(const Topology& topology) {
  std::vector<std::uint8_t> feeds(boost::num_vertices(topology.graph()), 0);
  for (Vertex v : service_inputs_in_order(topology)) feeds[v] = 1;
  return feeds;
}

// The elements the structure function knows. Failover groups have detection, switch-over and
// start-up delays: only the Markov chain models them (some of them), as controller states.
bool is_modelled(VertexKind kind) {
  return kind == VertexKind::REGION || kind == VertexKind::ZONE || kind == VertexKind::INSTANCE ||
         kind == VertexKind::COMPONENT || kind == VertexKind::GROUP;
}

// Restores hold a dataset down for times no failure process describes: neither method models them.
std::vector<std::string> restore_reasons(const Topology& topology) {
  std::vector<std::string> reasons;
  for (const auto& dataset : topology.scenario().data.datasets)
    if (!dataset.threats.empty() || dataset.storage_loss_probability > 0.0)
      reasons.push_back("dataset '" + dataset.name +
                        "' can need a restore from backup, which the analytical methods do not "
                        "model; simulate it");
  for (const auto& region : topology.scenario().regions) {
    bool destroys = region.destroy_probability > 0.0;
    for (const auto& zone : region.zones) destroys = destroys || zone.destroy_probability > 0.0;
    if (destroys && !topology.scenario().data.datasets.empty())
      reasons.push_back("region '" + region.name +
                        "' can be destroyed, and restoring its data is outside the analytical "
                        "methods; simulate it");
  }
  return reasons;
}

std::vector<std::string> unmodelled_elements(const Topology& topology) {
  std::vector<std::string> reasons;
  const auto& graph = topology.graph();
  for (Vertex v : service_inputs_in_order(topology))
    if (!is_modelled(graph[v].kind))
      reasons.push_back(
          "'" + graph[v].name +
          "' is a failover group: its detection, switch-over and standby start-up are outside "
          "the independent-process methods, which model regions, zones, components and groups "
          "only; --method markov models two-member hot-standby groups");
  const std::vector<std::string> restores = restore_reasons(topology);
  reasons.insert(reasons.end(), restores.begin(), restores.end());
  return reasons;
}

void require_modelled(const Topology& topology) {
  const std::vector<std::string> reasons = unmodelled_elements(topology);
  if (!reasons.empty()) throw AnalysisError(reasons.front());
}

std::string describe_vertex(const Topology& topology, Vertex v) {
  const auto& graph = topology.graph();
  const auto& props = graph[v];
  int members = 0;
  for (auto e : boost::make_iterator_range(boost::in_edges(v, graph)))
    members += graph[e].kind == EdgeKind::MEMBER ? 1 : 0;
  const std::string quoted = "'" + props.name + "'";
  switch (props.kind) {
    case VertexKind::REGION:
      return "region " + quoted;
    case VertexKind::ZONE:
      return "zone " + quoted;
    case VertexKind::INSTANCE:
      return "instance " + quoted;
    case VertexKind::COMPONENT:
      return "component " + quoted + " (" + std::to_string(members) + " instances, min_up " +
             std::to_string(props.min_up) + ")";
    case VertexKind::GROUP:
      return "group " + quoted + " (" + std::to_string(members) + " members, min_up " +
             std::to_string(props.min_up) + ")";
    default:
      return quoted;
  }
}

std::string format_count(double value) {
  std::ostringstream out;
  out.precision(value < 1e15 ? 15 : 3);
  out << value;
  return out.str();
}

// Steady state of one alternating renewal process (alternating renewal theorem).
struct ProcessFigures {
  double availability;
  double unavailability;
  double frequency_per_s;  // failures per second, 1 / (MTTF + MTTR)
};

bool has_defined_availability(const Process& process) {
  const double cycle = process.ttf->mean() + process.ttr->mean();
  return std::isfinite(cycle) && cycle > 0.0;
}

ProcessFigures figures_of(const Process& process) {
  const double mttf = process.ttf->mean();
  const double mttr = process.ttr->mean();
  const double cycle = mttf + mttr;
  return ProcessFigures{mttf / cycle, mttr / cycle, 1.0 / cycle};
}

std::string join(const std::vector<std::string>& parts, const std::string& separator) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? separator : "") + parts[i];
  return out;
}

// ---- decision diagram construction ---------------------------------------------------------

constexpr std::uint32_t DOWN_NODE = 0;
constexpr std::uint32_t UP_NODE = 1;

std::uint64_t triple_hash(std::uint32_t a, std::uint32_t b, std::uint32_t c) {
  const std::uint64_t ab = (static_cast<std::uint64_t>(a) << 32) | b;
  return splitmix64_mix(ab ^ splitmix64_mix(c + RandomStream::GOLDEN_GAMMA));
}

struct LimitReached {
  std::string what;
};

// Hash-consed nodes (so equal functions are the same node) and a memoized if-then-else,
// iterative so that a 100000-instance component cannot overflow the stack. The unique table
// is open addressing over node ids (4 bytes a slot); the memo is a lossy direct-mapped cache,
// as in CUDD: a lost entry only costs recomputation, which MAX_DIAGRAM_STEPS bounds.
class DiagramBuilder {
 public:
  struct BuildNode {
    std::uint32_t variable;
    std::uint32_t low;
    std::uint32_t high;
  };

  struct IteFrame {
    std::uint32_t f, g, h, variable, low;
    std::uint8_t stage;  // 0: new, 1: low cofactor pending, 2: high cofactor pending
  };

  explicit DiagramBuilder(std::uint32_t variables) : terminal_variable_(variables) {
    nodes_.push_back(BuildNode{terminal_variable_, DOWN_NODE, DOWN_NODE});
    nodes_.push_back(BuildNode{terminal_variable_, UP_NODE, UP_NODE});
  }

  const std::vector<BuildNode>& nodes() const { return nodes_; }
  std::uint32_t variable(std::uint32_t v) { return make(v, DOWN_NODE, UP_NODE); }
  std::uint32_t both(std::uint32_t f, std::uint32_t g) { return ite(f, g, DOWN_NODE); }

  // At least k of the inputs up: the Poisson-binomial recursion P(i, j) = p_i P(i+1, j-1) +
  // q_i P(i+1, j) built as diagram nodes, O(n k) if-then-else calls. Its nodes are exactly the
  // DP table, so evaluating them is the standard k-of-n dynamic programme.
  std::uint32_t at_least(std::vector<std::uint32_t> inputs, int k) {
    const int n = static_cast<int>(inputs.size());
    if (k <= 0) return UP_NODE;
    if (k > n) return DOWN_NODE;
    // Inputs whose top variable is highest go first, so most if-then-else calls are O(1).
    std::stable_sort(inputs.begin(), inputs.end(),
                     [&](std::uint32_t x, std::uint32_t y) { return top(x) < top(y); });
    std::vector<std::uint32_t> row(static_cast<std::size_t>(k) + 1,
                                   DOWN_NODE);  // j of inputs[i..n)
    row[0] = UP_NODE;
    for (int i = n - 1; i >= 0; --i) {
      // Only j >= k - i can still matter for row[k] once inputs[0..i) are added.
      for (int j = std::min(k, n - i); j >= std::max(1, k - i); --j) {
        const auto uj = static_cast<std::size_t>(j);
        row[uj] = ite(inputs[static_cast<std::size_t>(i)], row[uj - 1], row[uj]);
      }
    }
    return row[static_cast<std::size_t>(k)];
  }

  std::uint32_t ite(std::uint32_t f, std::uint32_t g, std::uint32_t h) {
    using Frame = IteFrame;
    // A variable above both branches needs no recursion (and no memo entry): the common case
    // of a k-out-of-n over instances, which would otherwise double the memory of big diagrams.
    if (nodes_[f].low == DOWN_NODE && nodes_[f].high == UP_NODE && top(f) < top(g) &&
        top(f) < top(h))
      return make(top(f), h, g);
    stack_.clear();
    stack_.push_back(Frame{f, g, h, 0, 0, 0});
    std::uint32_t value = DOWN_NODE;  // result of the frame last popped
    while (!stack_.empty()) {
      Frame& frame = stack_.back();
      if (frame.stage == 1) {
        frame.low = value;
        frame.stage = 2;
        const std::uint32_t v = frame.variable;
        const Frame child{high_of(frame.f, v), high_of(frame.g, v), high_of(frame.h, v), 0, 0, 0};
        stack_.push_back(child);
        continue;
      }
      if (frame.stage == 2) {
        value = make(frame.variable, frame.low, value);
        cache_[triple_hash(frame.f, frame.g, frame.h) & (cache_.size() - 1)] =
            CacheEntry{frame.f, frame.g, frame.h, value};
        stack_.pop_back();
        continue;
      }
      if (++steps_ > MAX_DIAGRAM_STEPS)
        throw LimitReached{"more than " + format_count(static_cast<double>(MAX_DIAGRAM_STEPS)) +
                           " steps"};
      if (terminal_case(frame.f, frame.g, frame.h, value)) {
        stack_.pop_back();
        continue;
      }
      const CacheEntry& cached =
          cache_[triple_hash(frame.f, frame.g, frame.h) & (cache_.size() - 1)];
      if (cached.f == frame.f && cached.g == frame.g && cached.h == frame.h) {
        value = cached.result;
        stack_.pop_back();
        continue;
      }
      const std::uint32_t v = std::min({top(frame.f), top(frame.g), top(frame.h)});
      frame.variable = v;
      frame.stage = 1;
      const Frame child{low_of(frame.f, v), low_of(frame.g, v), low_of(frame.h, v), 0, 0, 0};
      stack_.push_back(child);  // `frame` is invalid from here on
    }
    return value;
  }

 private:
  std::uint32_t top(std::uint32_t node) const { return nodes_[node].variable; }
  std::uint32_t low_of(std::uint32_t node, std::uint32_t v) const {
    return nodes_[node].variable == v ? nodes_[node].low : node;
  }
  std::uint32_t high_of(std::uint32_t node, std::uint32_t v) const {
    return nodes_[node].variable == v ? nodes_[node].high : node;
  }

  static bool terminal_case(std::uint32_t f, std::uint32_t g, std::uint32_t h, std::uint32_t& out) {
    if (f == UP_NODE)
      out = g;
    else if (f == DOWN_NODE)
      out = h;
    else if (g == h)
      out = g;
    else if (g == UP_NODE && h == DOWN_NODE)
      out = f;
    else
      return false;
    return true;
  }

  std::uint32_t make(std::uint32_t v, std::uint32_t low, std::uint32_t high) {
    if (low == high) return low;
    if (2 * (nodes_.size() + 1) > unique_.size()) grow();
    const std::size_t mask = unique_.size() - 1;
    for (std::size_t i = triple_hash(v, low, high) & mask;; i = (i + 1) & mask) {
      const std::uint32_t id = unique_[i];
      if (id == EMPTY_SLOT) {
        if (nodes_.size() >= MAX_DIAGRAM_NODES)
          throw LimitReached{"more than " + format_count(static_cast<double>(MAX_DIAGRAM_NODES)) +
                             " nodes"};
        unique_[i] = static_cast<std::uint32_t>(nodes_.size());
        nodes_.push_back(BuildNode{v, low, high});
        return unique_[i];
      }
      const BuildNode& n = nodes_[id];
      if (n.variable == v && n.low == low && n.high == high) return id;
    }
  }

  // Doubles the unique table (rehashing every node) and keeps the cache about as large as the
  // diagram, up to 4M entries (64 MB).
  void grow() {
    unique_.assign(std::max<std::size_t>(1024, 2 * unique_.size()), EMPTY_SLOT);
    const std::size_t mask = unique_.size() - 1;
    for (std::uint32_t id = 2; id < nodes_.size(); ++id) {
      std::size_t i = triple_hash(nodes_[id].variable, nodes_[id].low, nodes_[id].high) & mask;
      while (unique_[i] != EMPTY_SLOT) i = (i + 1) & mask;
      unique_[i] = id;
    }
    const std::size_t wanted = std::min<std::size_t>(unique_.size() / 2, std::size_t{1} << 22);
    if (wanted > cache_.size()) cache_.assign(wanted, CacheEntry{});
  }

  // f = DOWN_NODE never reaches the cache (terminal case), so a zeroed entry is empty.
  struct CacheEntry {
    std::uint32_t f = DOWN_NODE, g = 0, h = 0, result = 0;
  };
  static constexpr std::uint32_t EMPTY_SLOT = 0;  // node 0 is a terminal, never in the table

  std::uint32_t terminal_variable_;
  std::vector<BuildNode> nodes_;
  std::vector<std::uint32_t> unique_;
  std::vector<CacheEntry> cache_ = std::vector<CacheEntry>(std::size_t{1} << 16);
  std::vector<IteFrame> stack_;
  std::uint64_t steps_ = 0;
};

}  // namespace

// ---- StructureFunction -----------------------------------------------------------------------

StructureFunction::StructureFunction(const Topology& topology, bool with_failover)
    : process_count_(topology.processes().size()) {
  if (!with_failover) require_modelled(topology);
  const auto& graph = topology.graph();
  const std::vector<Vertex> order = service_inputs_in_order(topology);
  std::vector<std::uint32_t> step_of(boost::num_vertices(graph), 0);
  for (std::size_t s = 0; s < order.size(); ++s) step_of[order[s]] = static_cast<std::uint32_t>(s);
  for (Vertex v : order) {
    input_begin_.push_back(static_cast<std::uint32_t>(input_step_.size()));
    min_up_.push_back(graph[v].min_up);
    process_.push_back(graph[v].process);
    failover_.push_back(graph[v].kind == VertexKind::FAILOVER ? graph[v].failover : -1);
    for (auto e : boost::make_iterator_range(boost::in_edges(v, graph))) {
      if (graph[e].kind == EdgeKind::CANDIDATE) continue;  // the controller decides
      input_step_.push_back(step_of[boost::source(e, graph)]);
      input_is_member_.push_back(graph[e].kind == EdgeKind::MEMBER ? 1 : 0);
    }
  }
  input_begin_.push_back(static_cast<std::uint32_t>(input_step_.size()));
  up_.assign(order.size(), 0);
}

bool StructureFunction::service_up(const std::uint8_t* process_up,
                                   const std::uint8_t* failover_serving) {
  const std::size_t steps = up_.size();
  for (std::size_t s = 0; s < steps; ++s) {
    bool up = process_[s] < 0 || process_up[process_[s]] != 0;
    if (failover_[s] >= 0)
      up = up && failover_serving != nullptr && failover_serving[failover_[s]] != 0;
    int members = 0;
    for (std::uint32_t e = input_begin_[s]; up && e < input_begin_[s + 1]; ++e) {
      const bool input_up = up_[input_step_[e]] != 0;
      if (input_is_member_[e])
        members += input_up ? 1 : 0;
      else
        up = input_up;
    }
    up_[s] = up && members >= min_up_[s] ? 1 : 0;
  }
  return up_[steps - 1] != 0;
}

// ---- AvailabilityDiagram ---------------------------------------------------------------------

AvailabilityDiagram::AvailabilityDiagram(const Topology& topology)
    : process_count_(topology.processes().size()) {
  require_modelled(topology);
  const auto& graph = topology.graph();
  const std::vector<Vertex> order = service_inputs_in_order(topology);

  // Variable order: region and zone outages first, then instances in dependency order. The
  // common causes on top make every sub-diagram below them a function of instances alone, given
  // the zones: in effect the pivotal decomposition on the shared zones, done once and shared.
  std::vector<std::int64_t> variable_of(process_count_, -1);
  for (int pass = 0; pass < 2; ++pass) {
    for (Vertex v : order) {
      const bool common_cause =
          graph[v].kind == VertexKind::REGION || graph[v].kind == VertexKind::ZONE;
      if (graph[v].process < 0 || common_cause != (pass == 0)) continue;
      variable_of[static_cast<std::size_t>(graph[v].process)] =
          static_cast<std::int64_t>(variable_process_.size());
      variable_process_.push_back(static_cast<std::uint32_t>(graph[v].process));
    }
  }

  DiagramBuilder builder(static_cast<std::uint32_t>(variable_process_.size()));
  std::vector<std::uint32_t> function(boost::num_vertices(graph), UP_NODE);
  std::vector<std::uint32_t> members;
  for (Vertex v : order) {
    try {
      std::uint32_t f = UP_NODE;
      if (graph[v].process >= 0)
        f = builder.variable(
            static_cast<std::uint32_t>(variable_of[static_cast<std::size_t>(graph[v].process)]));
      members.clear();
      for (auto e : boost::make_iterator_range(boost::in_edges(v, graph))) {
        const std::uint32_t input = function[boost::source(e, graph)];
        if (graph[e].kind == EdgeKind::MEMBER)
          members.push_back(input);
        else
          f = builder.both(f, input);
      }
      if (graph[v].min_up > 0) f = builder.both(f, builder.at_least(members, graph[v].min_up));
      function[v] = f;
    } catch (const LimitReached& limit) {
      throw AnalysisError(
          "the exact steady-state analysis is too large: the decision diagram needed " +
          limit.what + " while combining the inputs of " + describe_vertex(topology, v) +
          " (limits: " + format_count(static_cast<double>(MAX_DIAGRAM_NODES)) + " nodes, " +
          format_count(static_cast<double>(MAX_DIAGRAM_STEPS)) +
          " steps); reduce the instance counts or use the simulation");
    }
  }

  // Keep only the nodes the service's function reaches; children keep coming before parents.
  const auto& built = builder.nodes();
  const std::uint32_t service = function[topology.root()];
  std::vector<std::uint8_t> reached(built.size(), 0);
  reached[DOWN_NODE] = reached[UP_NODE] = reached[service] = 1;
  for (std::size_t i = built.size(); i-- > 2;) {
    if (!reached[i]) continue;
    reached[built[i].low] = reached[built[i].high] = 1;
  }
  std::vector<std::uint32_t> renumber(built.size(), 0);
  for (std::size_t i = 0; i < built.size(); ++i) {
    if (!reached[i]) continue;
    renumber[i] = static_cast<std::uint32_t>(nodes_.size());
    nodes_.push_back(Node{built[i].variable, renumber[built[i].low], renumber[built[i].high]});
  }
  root_ = renumber[service];
}

void AvailabilityDiagram::evaluate_nodes(const std::vector<double>& unavailability,
                                         std::vector<double>& up, std::vector<double>& down) const {
  if (unavailability.size() != process_count_)
    throw std::invalid_argument(
        "AvailabilityDiagram: one unavailability per process of the topology expected");
  up.assign(nodes_.size(), 0.0);
  down.assign(nodes_.size(), 0.0);
  up[UP_NODE] = 1.0;
  down[DOWN_NODE] = 1.0;
  for (std::size_t i = 2; i < nodes_.size(); ++i) {
    const Node& n = nodes_[i];
    const double q = unavailability[variable_process_[n.variable]];
    const double p = 1.0 - q;
    up[i] = p * up[n.high] + q * up[n.low];
    down[i] = p * down[n.high] + q * down[n.low];
  }
}

ServiceProbability AvailabilityDiagram::evaluate(const std::vector<double>& unavailability) const {
  std::vector<double> up, down;
  evaluate_nodes(unavailability, up, down);
  return ServiceProbability{up[root_], down[root_]};
}

// dP(up)/dp_v sums, over the nodes labelled v, the probability of reaching the node times the
// difference its two branches make.
std::vector<double> AvailabilityDiagram::birnbaum(const std::vector<double>& unavailability) const {
  std::vector<double> up, down;
  evaluate_nodes(unavailability, up, down);
  std::vector<double> reach(nodes_.size(), 0.0);
  std::vector<double> importance(process_count_, 0.0);
  reach[root_] = 1.0;
  for (std::size_t i = nodes_.size(); i-- > 2;) {
    if (reach[i] == 0.0) continue;
    const Node& n = nodes_[i];
    const std::uint32_t process = variable_process_[n.variable];
    const double q = unavailability[process];
    reach[n.high] += reach[i] * (1.0 - q);
    reach[n.low] += reach[i] * q;
    importance[process] += reach[i] * (down[n.low] - down[n.high]);  // = up[high] - up[low]
  }
  return importance;
}

// ---- steady-state analysis ---------------------------------------------------------------------

AnalysisResult analyze_steady_state(const Topology& topology) {
  const std::vector<std::string> reasons =
      not_analysable_reasons(topology, AnalysisMethod::STEADY_STATE);
  if (!reasons.empty()) throw AnalysisError(join(reasons, "; "));
  const auto& processes = topology.processes();
  const auto& causes = topology.causes();
  const auto& graph = topology.graph();
  const std::size_t n = processes.size();

  std::vector<ProcessFigures> figures;
  std::vector<double> q(n);
  for (std::size_t i = 0; i < n; ++i) {
    figures.push_back(figures_of(processes[i]));
    q[i] = figures[i].unavailability;
  }
  const AvailabilityDiagram diagram(topology);
  const ServiceProbability service = diagram.evaluate(q);
  const std::vector<double> birnbaum = diagram.birnbaum(q);

  AnalysisResult result;
  result.availability = service.availability;
  result.unavailability = service.unavailability;
  // Process i fails at rate f_i in steady state, and each failure starts a service outage when
  // the other processes are in a state where i is critical: probability I_B(i), independent of
  // i's own history. Valid for any distributions (independent processes, steady state).
  for (std::size_t i = 0; i < n; ++i)
    result.failure_frequency_per_s += birnbaum[i] * figures[i].frequency_per_s;
  const double nu = result.failure_frequency_per_s;
  const double infinity = std::numeric_limits<double>::infinity();
  result.mean_outage_s = nu > 0.0 ? service.unavailability / nu : 0.0;
  result.mean_time_between_outages_s = nu > 0.0 ? 1.0 / nu : infinity;
  result.mean_up_time_s = nu > 0.0 ? service.availability / nu : infinity;

  auto criticality = [&](double ib, double qi) {
    return service.unavailability > 0.0 ? ib * qi / service.unavailability : 0.0;
  };
  for (std::size_t i = 0; i < n; ++i) {
    ProcessImportance row;
    row.name = graph[processes[i].vertex].name;
    row.kind = causes[static_cast<std::size_t>(processes[i].cause)].kind;
    row.availability = figures[i].availability;
    row.birnbaum = birnbaum[i];
    row.criticality = criticality(birnbaum[i], q[i]);
    row.outages_caused_per_s = birnbaum[i] * figures[i].frequency_per_s;
    // A_sys is linear in each A_i (independent processes), so this is exact: dA_i = 0.9 q_i.
    row.gain = 0.9 * q[i] * birnbaum[i];
    row.availability_with_one_more_nine = service.availability + row.gain;
    result.processes.push_back(std::move(row));
  }

  // Entries: a component's instances improve together, which is not linear: evaluate again,
  // except for entries of one process, where the linear gain above is exact. Re-evaluations
  // are bounded (each walks the whole diagram), and the processes of every entry are listed in
  // one pass, so 100 000 single-instance components stay linear.
  std::vector<std::vector<std::size_t>> by_cause(causes.size());
  for (std::size_t i = 0; i < n; ++i)
    by_cause[static_cast<std::size_t>(processes[i].cause)].push_back(i);
  double evaluation_work = 0.0;
  std::vector<double> improved = q;
  for (std::size_t c = 0; c < causes.size(); ++c) {
    const std::vector<std::size_t>& members = by_cause[c];
    if (members.empty()) continue;  // e.g. a failover group's cause: no process of its own
    ProcessImportance row;
    row.name = causes[c].name;
    row.kind = causes[c].kind;
    row.processes = static_cast<int>(members.size());
    for (const std::size_t i : members) {
      row.availability = figures[i].availability;
      row.birnbaum += birnbaum[i];
      row.criticality += criticality(birnbaum[i], q[i]);
      row.outages_caused_per_s += birnbaum[i] * figures[i].frequency_per_s;
    }
    if (members.size() == 1) {
      row.gain = 0.9 * q[members[0]] * birnbaum[members[0]];
      row.availability_with_one_more_nine = service.availability + row.gain;
    } else {
      evaluation_work += static_cast<double>(diagram.node_count());
      if (evaluation_work > static_cast<double>(MAX_DIAGRAM_STEPS))
        throw AnalysisError("the importance of entries with several instances needs more than " +
                            format_count(static_cast<double>(MAX_DIAGRAM_STEPS)) +
                            " diagram steps");
      for (const std::size_t i : members) improved[i] = q[i] / 10.0;
      const ServiceProbability better = diagram.evaluate(improved);
      for (const std::size_t i : members) improved[i] = q[i];
      row.availability_with_one_more_nine = better.availability;
      row.gain = service.unavailability - better.unavailability;
    }
    result.entries.push_back(std::move(row));
  }
  auto by_gain = [](const ProcessImportance& a, const ProcessImportance& b) {
    return a.gain > b.gain;
  };
  std::stable_sort(result.processes.begin(), result.processes.end(), by_gain);
  std::stable_sort(result.entries.begin(), result.entries.end(), by_gain);

  result.notes.push_back(
      "exact steady state of independent alternating renewal processes (any ttf/ttr "
      "distribution): each process is up MTTF/(MTTF+MTTR) of the time");
  result.notes.push_back("binary decision diagram of " + std::to_string(diagram.node_count()) +
                         " nodes over " + std::to_string(diagram.variable_count()) + " of " +
                         std::to_string(n) + " processes");
  if (diagram.variable_count() < n)
    result.notes.push_back(std::to_string(n - diagram.variable_count()) +
                           " processes do not affect the service: their importance is zero");
  if (nu == 0.0) result.notes.push_back("the service never fails: no outage frequency or duration");
  return result;
}

// ---- what prevents an exact answer -------------------------------------------------------------

namespace {

// The controller of a failover group in the chain: phases of sim/failover.cpp, with the manual
// delay (response + steps) split into its two exponential phases and WAITING split by the
// manual flag, which decides the delay of the promotion that ends the wait.
enum ControllerPhase : std::uint8_t {
  SERVING,
  DETECTING,
  SWITCHING,        // automatic promotion: switch-over delay
  MANUAL_RESPONSE,  // manual promotion, on-call response
  MANUAL_STEPS,     // manual promotion, manual steps
  WAITING_AUTOMATIC,
  WAITING_MANUAL,
};

struct ChainGroup {
  std::size_t group = 0;                // index into Scenario::failover_groups
  std::array<std::size_t, 2> member{};  // chain process of the primary and the standby
  double detection_rate = 0.0;
  double switchover_rate = 0.0;
  double response_rate = 0.0;
  double steps_rate = 0.0;
  double manual_probability = 0.0;  // of the manual path once detected
};

struct MarkovProcesses {
  std::vector<std::size_t> process;  // topology process index, per chain process
  std::vector<std::int32_t> pool;    // crew pool per chain process, -1: repaired at once
  std::vector<int> pool_size;
  std::vector<std::size_t> pool_count;  // chain processes per pool
  std::size_t free_count = 0;           // chain processes without a pool
  bool scenario_crews = false;          // pools from the scenario, not from a count
};

// The pool that repairs topology process i: with a count, one pool for every component
// instance; otherwise the scenario's crew of the instance, if any.
int pool_of(const Topology& topology, std::size_t i, int crews) {
  const Process& process = topology.processes()[i];
  if (crews > 0) return topology.graph()[process.vertex].kind == VertexKind::INSTANCE ? 0 : -1;
  return process.crew;
}

// The processes the chain must track: those the service depends on, and every process of a
// crew pool that repairs one of them, since a process the service ignores still occupies a crew.
MarkovProcesses markov_processes(const Topology& topology, int crews) {
  const auto feeds = feeds_service(topology);
  const auto& processes = topology.processes();
  MarkovProcesses m;
  m.scenario_crews = crews <= 0;
  if (crews > 0)
    m.pool_size = {crews};
  else
    for (const auto& crew : topology.scenario().crews) m.pool_size.push_back(crew.size);
  std::vector<std::uint8_t> pool_feeds(m.pool_size.size(), 0);
  for (std::size_t i = 0; i < processes.size(); ++i) {
    const int pool = pool_of(topology, i, crews);
    if (pool >= 0 && feeds[processes[i].vertex]) pool_feeds[static_cast<std::size_t>(pool)] = 1;
  }
  m.pool_count.assign(m.pool_size.size(), 0);
  for (std::size_t i = 0; i < processes.size(); ++i) {
    int pool = pool_of(topology, i, crews);
    if (pool >= 0 && !pool_feeds[static_cast<std::size_t>(pool)]) pool = -1;
    if (!feeds[processes[i].vertex] && pool < 0) continue;
    m.process.push_back(i);
    m.pool.push_back(pool);
    if (pool >= 0)
      ++m.pool_count[static_cast<std::size_t>(pool)];
    else
      ++m.free_count;
  }
  return m;
}

double pooled_state_count(const MarkovProcesses& m) {
  double total = std::ldexp(1.0, static_cast<int>(m.free_count));
  for (std::size_t p = 0; p < m.pool_size.size(); ++p)
    total *= markov_state_count(m.pool_count[p], 0, m.pool_size[p]);
  return total;
}

Vertex failover_vertex(const Topology& topology, std::size_t g) {
  const auto& graph = topology.graph();
  for (Vertex v : boost::make_iterator_range(boost::vertices(graph)))
    if (graph[v].kind == VertexKind::FAILOVER && graph[v].failover == static_cast<int>(g)) return v;
  throw std::logic_error("failover group without a vertex");
}

// A member the chain can track as one process: a component with one instance and nothing else
// feeding it (no zone, region or requires), so the member is up exactly while its process is.
int single_process_member(const Topology& topology, Vertex member) {
  const auto& graph = topology.graph();
  if (graph[member].kind != VertexKind::COMPONENT || boost::in_degree(member, graph) != 1)
    return -1;
  const auto edge = *boost::in_edges(member, graph).first;
  const Vertex instance = boost::source(edge, graph);
  if (graph[edge].kind != EdgeKind::MEMBER || graph[instance].kind != VertexKind::INSTANCE ||
      boost::in_degree(instance, graph) != 0)
    return -1;
  return graph[instance].process;
}

bool needs_manual_path(const FailoverGroup& group) {
  return !group.automatic || group.automatic_failure_probability > 0.0;
}

bool needs_automatic_path(const FailoverGroup& group) {
  return group.automatic && group.automatic_failure_probability < 1.0;
}

// Why the chain cannot model the failover groups the service depends on; empty when it can.
std::vector<std::string> failover_reasons(const Topology& topology) {
  std::vector<std::string> reasons;
  const auto feeds = feeds_service(topology);
  const auto& groups = topology.scenario().failover_groups;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    if (!feeds[failover_vertex(topology, g)]) continue;
    const FailoverGroup& group = groups[g];
    const std::string name = "failover group '" + group.name + "'";
    if (group.members.size() != 2) {
      reasons.push_back(name + " has " + std::to_string(group.members.size()) +
                        " members: the CTMC models a primary and one standby only");
      continue;
    }
    bool acknowledges = false;
    for (std::size_t k = 0; k < 2; ++k) {
      const FailoverMember& member = group.members[k];
      if (single_process_member(topology, topology.failover_members(g)[k]) < 0)
        reasons.push_back("member '" + member.name + "' of " + name +
                          " is not a single-instance component without zone, region or "
                          "requires: the CTMC models such members only");
      if (member.kind != StandbyKind::HOT)
        reasons.push_back("member '" + member.name + "' of " + name +
                          " is a warm or cold standby: its start-up delay is outside the CTMC, "
                          "which models hot standbys only");
      acknowledges = acknowledges || member.replication.mode == ReplicationMode::SYNC ||
                     member.replication.mode == ReplicationMode::SEMI_SYNC;
    }
    if (group.failback != FailbackPolicy::NONE)
      reasons.push_back(
          name + " fails back " +
          (group.failback == FailbackPolicy::AUTOMATIC ? "automatically" : "on a schedule") +
          ": the CTMC models failback none only");
    if (group.stop_writes_without_sync && acknowledges)
      reasons.push_back(name +
                        " stops writes without a synchronous standby (on_sync_standby_loss "
                        "stop_writes): the CTMC does not model it");
    auto exponential = [&](const Distribution& d, const std::string& what) {
      if (!d.is_exponential())
        reasons.push_back("the CTMC needs exponential distributions: " + name + " " + what +
                          " is " + d.describe());
    };
    exponential(group.detection, "detection");
    if (group.declare_after_s > 0.0)
      reasons.push_back(name +
                        " waits a fixed declare_after before failing over: the CTMC "
                        "needs exponential delays");
    if (needs_automatic_path(group)) exponential(group.switchover, "switchover");
    if (needs_manual_path(group)) {
      exponential(*group.manual_response, "manual response");
      exponential(*group.manual_steps, "manual steps");
    }
  }
  return reasons;
}

// The failover groups the service depends on, as the chain tracks them. Only after
// failover_reasons came back empty.
std::vector<ChainGroup> chain_groups(const Topology& topology, const MarkovProcesses& m) {
  std::vector<ChainGroup> out;
  const auto feeds = feeds_service(topology);
  const auto& groups = topology.scenario().failover_groups;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    if (!feeds[failover_vertex(topology, g)]) continue;
    const FailoverGroup& group = groups[g];
    ChainGroup c;
    c.group = g;
    for (std::size_t k = 0; k < 2; ++k) {
      const auto process = static_cast<std::size_t>(
          single_process_member(topology, topology.failover_members(g)[k]));
      c.member[k] = static_cast<std::size_t>(
          std::find(m.process.begin(), m.process.end(), process) - m.process.begin());
      if (c.member[k] >= m.process.size())
        throw std::logic_error("failover member outside the chain");
    }
    c.detection_rate = 1.0 / group.detection.mean();
    c.manual_probability = group.automatic ? group.automatic_failure_probability : 1.0;
    if (needs_automatic_path(group)) c.switchover_rate = 1.0 / group.switchover.mean();
    if (needs_manual_path(group)) {
      c.response_rate = 1.0 / group.manual_response->mean();
      c.steps_rate = 1.0 / group.manual_steps->mean();
    }
    out.push_back(c);
  }
  return out;
}

std::size_t chain_group_count(const Topology& topology) {
  const auto feeds = feeds_service(topology);
  std::size_t count = 0;
  for (std::size_t g = 0; g < topology.scenario().failover_groups.size(); ++g)
    count += feeds[failover_vertex(topology, g)] ? 1 : 0;
  return count;
}

// Controller states per group: 7 phases times 2 active members; an upper bound on the
// reachable ones (SERVING with the active member down, for one, never happens).
constexpr double CONTROLLER_STATES = 14.0;

}  // namespace

double markov_state_count(std::size_t crew_processes, std::size_t other_processes, int crews) {
  const double others = std::ldexp(1.0, static_cast<int>(other_processes));
  const auto m = static_cast<double>(crew_processes);
  if (crews <= 0 || static_cast<double>(crews) >= m)
    return others * std::ldexp(1.0, static_cast<int>(crew_processes));
  // d instances down: choose them, then which `crews` of them are in repair (their order does not
  // matter, exponential repairs being memoryless) and the order of the d - crews waiting.
  double total = 0.0;
  double choose = 1.0;  // C(m, d)
  for (std::size_t d = 0; d <= crew_processes; ++d) {
    if (d > 0) choose = choose * (m - static_cast<double>(d) + 1.0) / static_cast<double>(d);
    double arrangements = 1.0;  // d! / crews!
    for (std::size_t j = static_cast<std::size_t>(crews) + 1; j <= d; ++j)
      arrangements *= static_cast<double>(j);
    total += choose * arrangements;
  }
  return others * std::round(total);
}

std::vector<std::string> not_analysable_reasons(const Topology& topology, AnalysisMethod method,
                                                int crews) {
  std::vector<std::string> reasons;
  const auto& processes = topology.processes();
  const auto& graph = topology.graph();
  for (const auto& process : processes)
    if (!has_defined_availability(process))
      reasons.push_back(
          "'" + graph[process.vertex].name +
          "' has a mean time to failure and a mean time to repair of zero (or not finite): its "
          "availability is undefined");
  if (method == AnalysisMethod::STEADY_STATE) {
    const std::vector<std::string> unmodelled = unmodelled_elements(topology);
    reasons.insert(reasons.end(), unmodelled.begin(), unmodelled.end());
  } else {
    const std::vector<std::string> failover = failover_reasons(topology);
    reasons.insert(reasons.end(), failover.begin(), failover.end());
    const std::vector<std::string> restores = restore_reasons(topology);
    reasons.insert(reasons.end(), restores.begin(), restores.end());
  }
  std::vector<std::uint8_t> crew_reported(topology.causes().size(), 0);
  bool scenario_crews = false;
  for (const auto& process : processes) {
    const auto cause = static_cast<std::size_t>(process.cause);
    if (process.crew < 0) continue;
    scenario_crews = true;
    if (method != AnalysisMethod::STEADY_STATE || crew_reported[cause]) continue;
    crew_reported[cause] = 1;
    reasons.push_back("'" + topology.causes()[cause].name + "' is repaired by crew '" +
                      topology.scenario().crews[static_cast<std::size_t>(process.crew)].name +
                      "': shared crews make the processes dependent; use --method markov");
  }
  if (crews < 0)
    reasons.push_back("crews must be 0 (unlimited repair) or more, not " + std::to_string(crews));
  if (method == AnalysisMethod::STEADY_STATE) {
    if (crews > 0)
      reasons.push_back(
          "repair crews make the processes dependent: the independent-process steady state "
          "needs crews = 0; use --method markov");
    return reasons;
  }
  if (crews > 0 && scenario_crews)
    reasons.push_back("the scenario declares repair crews and a crew count of " +
                      std::to_string(crews) +
                      " was given as well: give 0 to use the scenario's crews");

  const MarkovProcesses m = markov_processes(topology, std::max(crews, 0));
  std::vector<std::uint8_t> reported(topology.causes().size(), 0);
  for (std::size_t i : m.process) {
    const auto cause = static_cast<std::size_t>(processes[i].cause);
    if (reported[cause]) continue;
    reported[cause] = 1;
    const std::string& name = topology.causes()[cause].name;
    if (!processes[i].ttf->is_exponential())
      reasons.push_back("the CTMC needs exponential distributions: '" + name + "' ttf is " +
                        processes[i].ttf->describe());
    if (!processes[i].ttr->is_exponential())
      reasons.push_back("the CTMC needs exponential distributions: '" + name + "' ttr is " +
                        processes[i].ttr->describe());
  }
  const std::size_t count = m.process.size();
  if (count > MAX_MARKOV_PROCESSES) {
    reasons.push_back("the CTMC has a state per up/down combination of its " +
                      std::to_string(count) + " processes (2^" + std::to_string(count) +
                      " states): more than the limit of " + std::to_string(MAX_MARKOV_PROCESSES) +
                      " processes");
  } else {
    const double states = pooled_state_count(m);
    const std::size_t groups = chain_group_count(topology);
    const double bound = states * std::pow(CONTROLLER_STATES, static_cast<double>(groups));
    if (states > static_cast<double>(MAX_MARKOV_STATES)) {
      if (!m.scenario_crews)
        reasons.push_back("with " + std::to_string(crews) + " repair crew" +
                          (crews == 1 ? "" : "s") + " for " + std::to_string(m.pool_count[0]) +
                          " instances the FIFO queue order is part of the state: the CTMC has " +
                          format_count(states) + " states, more than the limit of " +
                          std::to_string(MAX_MARKOV_STATES));
      else
        reasons.push_back(
            "with the scenario's repair crews the FIFO queue order is part of the state: the "
            "CTMC has " +
            format_count(states) + " states, more than the limit of " +
            std::to_string(MAX_MARKOV_STATES));
    } else if (bound > static_cast<double>(MAX_MARKOV_STATES)) {
      reasons.push_back("with " + std::to_string(groups) +
                        " failover group controllers the CTMC may have up to " +
                        format_count(bound) + " states, more than the limit of " +
                        std::to_string(MAX_MARKOV_STATES));
    }
  }
  return reasons;
}

// ---- Markov chain
// --------------------------------------------------------------------------------

namespace {

// Poisson(m) probabilities on [left, left + weights.size()), normalized, with the mass left out
// on either side below `tail` each. Computed outward from the mode by the ratio recurrences
// (after Fox and Glynn), so nothing underflows for large m; tail bounds from the geometric
// decay of the ratios: P(N >= R+1) <= w(R+1) / (1 - m/(R+2)), P(N <= L-1) <= w(L-1) / (1 -
// (L-1)/m).
struct PoissonWindow {
  std::size_t left = 0;
  std::vector<double> weights;
  std::size_t right() const { return left + weights.size() - 1; }
};

PoissonWindow poisson_window(double m, double tail) {
  PoissonWindow window;
  if (m <= 0.0) {
    window.weights = {1.0};
    return window;
  }
  const double mode = std::floor(m);
  const double scale = std::exp(-m + mode * std::log(m) - std::lgamma(mode + 1.0));  // P(N = mode)
  std::vector<double> right{1.0};
  for (double k = mode, w = 1.0;; k += 1.0) {
    const double next = w * m / (k + 1.0);
    if (scale * next / (1.0 - m / (k + 2.0)) <= tail) break;
    right.push_back(next);
    w = next;
  }
  std::vector<double> left;  // mode - 1, mode - 2, ...
  double k = mode;
  for (double w = 1.0; k > 0.0; k -= 1.0) {
    const double previous = w * k / m;
    if (scale * previous / (1.0 - (k - 1.0) / m) <= tail) break;
    left.push_back(previous);
    w = previous;
  }
  window.left = static_cast<std::size_t>(k);
  window.weights.assign(left.rbegin(), left.rend());
  window.weights.insert(window.weights.end(), right.begin(), right.end());
  double sum = 0.0;
  for (double w : window.weights) sum += w;
  for (double& w : window.weights) w /= sum;
  return window;
}

struct ChainState {
  std::uint32_t down = 0;  // bit per chain process
  std::uint8_t waiting_count = 0;
  // Grouped by pool, in pool order; within a pool FIFO, the first is repaired next.
  std::array<std::uint8_t, MAX_MARKOV_PROCESSES> waiting{};
  // Per chain group: phase (ControllerPhase) | active member << 3. A group has two processes.
  std::array<std::uint8_t, MAX_MARKOV_PROCESSES / 2> controller{};
};

struct StateKey {
  std::uint64_t low = 0;
  std::uint64_t high = 0;
  std::uint64_t controllers = 0;
  bool operator==(const StateKey&) const = default;
};

struct StateKeyHash {
  std::size_t operator()(const StateKey& k) const noexcept {
    return static_cast<std::size_t>(splitmix64_mix(
        k.low ^
        splitmix64_mix(k.high ^ splitmix64_mix(k.controllers + RandomStream::GOLDEN_GAMMA))));
  }
};

// 20 bits of down mask, 5 of queue length, 5 per queued process: at most 20 + 5 + 5 * 19 bits;
// 4 bits per controller in a word of their own.
StateKey key_of(const ChainState& s) {
  std::array<std::uint64_t, 3> words{s.down | (static_cast<std::uint64_t>(s.waiting_count) << 20),
                                     0, 0};
  unsigned bit = 25;
  for (unsigned i = 0; i < s.waiting_count; ++i, bit += 5) {
    const std::uint64_t item = s.waiting[i];
    words[bit / 64] |= item << (bit % 64);
    if (bit % 64 > 59) words[bit / 64 + 1] |= item >> (64 - bit % 64);
  }
  std::uint64_t controllers = 0;
  for (std::size_t g = 0; g < s.controller.size(); ++g)
    controllers |= static_cast<std::uint64_t>(s.controller[g]) << (4 * g);
  return StateKey{words[0], words[1], controllers};
}

// A member of a failover group changed state: member_changed() in sim/failover.cpp, for two
// members and failback none.
void member_changed(std::uint8_t& controller, std::size_t member, bool is_up) {
  const auto phase = static_cast<ControllerPhase>(controller & 7u);
  const std::size_t active = controller >> 3;
  if (member == active) {
    if (!is_up && phase == SERVING) controller = static_cast<std::uint8_t>(DETECTING | active << 3);
    // Back during detection, the on-call response (the operator stands down) or while waiting:
    // the incident ends without failover.
    if (is_up && (phase == DETECTING || phase == MANUAL_RESPONSE || phase == WAITING_AUTOMATIC ||
                  phase == WAITING_MANUAL))
      controller = static_cast<std::uint8_t>(SERVING | active << 3);
    return;
  }
  if (!is_up) return;  // a failed standby matters only when chosen
  // The standby returns while nothing could be promoted: promote it (the manual path skips the
  // on-call response, the people are already there).
  if (phase == WAITING_AUTOMATIC) controller = static_cast<std::uint8_t>(SWITCHING | active << 3);
  if (phase == WAITING_MANUAL) controller = static_cast<std::uint8_t>(MANUAL_STEPS | active << 3);
}

}  // namespace

struct MarkovModel::Chain {
  std::size_t processes = 0;
  Eigen::SparseMatrix<double> generator_t;  // Q^T: column s holds the rates out of state s
  Eigen::VectorXd service_up;               // 1 where the service is up
  Eigen::VectorXd steady;
  double steady_availability = 0.0;
  double uniformization_rate = 0.0;

  void solve_steady_state();
  // Runs pi_k = pi_0 P^k from the all-up state, P = I + Q / rate, handing a_k = pi_k . up to
  // `consume(k, a_k)` for k = 0, 1, ... up to `last` or until pi_k is within `tolerance` of the
  // steady state in L1 (then a_k stays within it for every later k: the L1 distance to the
  // stationary vector never grows under a stochastic matrix). Returns the first k not handed
  // over, whose a_k and every later one the caller takes as the steady-state availability.
  template <class Consume>
  std::size_t run_terms(std::size_t last, double tolerance, Consume consume) const;
};

void MarkovModel::Chain::solve_steady_state() {
  const auto n = generator_t.rows();
  // pi Q = 0 has rank n - 1: replace its first equation (the balance of the all-up state) by
  // pi_0 = 1, solve, then normalize. The all-up state is the most likely, so this is well
  // conditioned. The matrix is changed in place and restored, to avoid a copy of 1M states.
  std::vector<std::pair<double*, double>> saved;
  for (Eigen::Index col = 0; col < n; ++col) {
    for (Eigen::SparseMatrix<double>::InnerIterator it(generator_t, col); it; ++it) {
      if (it.row() != 0) continue;
      saved.emplace_back(&it.valueRef(), it.value());
      it.valueRef() = col == 0 ? 1.0 : 0.0;
    }
  }
  Eigen::VectorXd rhs = Eigen::VectorXd::Zero(n);
  rhs[0] = 1.0;
  Eigen::VectorXd x;
  std::string failure;
  if (static_cast<std::size_t>(n) <= MAX_DIRECT_STATES) {
    Eigen::SparseLU<Eigen::SparseMatrix<double>, Eigen::COLAMDOrdering<int>> lu;
    lu.compute(generator_t);
    if (lu.info() != Eigen::Success)
      failure = "SparseLU failed: " + lu.lastErrorMessage();
    else
      x = lu.solve(rhs);
  } else {
    // Direct factorization fills in catastrophically on these hypercube-like chains (2^12
    // states already take tens of seconds), while BiCGSTAB converges in tens of iterations.
    Eigen::BiCGSTAB<Eigen::SparseMatrix<double>> solver;
    solver.setTolerance(1e-15);
    solver.setMaxIterations(20000);
    solver.compute(generator_t);
    x = solver.solve(rhs);
    if (solver.info() != Eigen::Success && solver.error() > 1e-11)
      failure =
          "BiCGSTAB did not converge (relative residual " + format_count(solver.error()) + ")";
  }
  for (const auto& [value, old] : saved) *value = old;
  if (!failure.empty()) throw AnalysisError("steady state of the CTMC: " + failure);
  x = x.cwiseMax(0.0);
  steady = x / x.sum();
  // Independent check of the answer, whatever the solver: pi Q must vanish.
  const double residual = (generator_t * steady).lpNorm<1>() / uniformization_rate;
  if (!(residual <= 1e-9))
    throw AnalysisError("steady state of the CTMC: residual |pi Q| / rate = " +
                        format_count(residual) + " is too large");
  steady_availability = steady.dot(service_up);
}

template <class Consume>
std::size_t MarkovModel::Chain::run_terms(std::size_t last, double tolerance,
                                          Consume consume) const {
  const auto n = generator_t.rows();
  Eigen::VectorXd pi = Eigen::VectorXd::Zero(n);
  Eigen::VectorXd flow(n);
  pi[0] = 1.0;
  const double work_per_term = static_cast<double>(generator_t.nonZeros() + n);
  for (std::size_t k = 0; k <= last; ++k) {
    if ((pi - steady).lpNorm<1>() <= tolerance) return k;
    consume(k, pi.dot(service_up));
    if (static_cast<double>(k + 1) * work_per_term > MAX_UNIFORMIZATION_WORK)
      throw AnalysisError(
          "transient availability needs more than " + std::to_string(k + 1) +
          " steps of the uniformized chain of " + std::to_string(n) + " states (work limit " +
          format_count(MAX_UNIFORMIZATION_WORK) +
          " matrix entries) before it settles: ask for earlier times or use the steady state");
    flow.noalias() = generator_t * pi;
    pi += flow / uniformization_rate;
  }
  return last + 1;
}

MarkovModel::MarkovModel(const Topology& topology, int crews) : chain_(std::make_unique<Chain>()) {
  const std::vector<std::string> reasons =
      not_analysable_reasons(topology, AnalysisMethod::MARKOV, crews);
  if (!reasons.empty()) throw AnalysisError(join(reasons, "; "));
  const MarkovProcesses m = markov_processes(topology, crews);
  const std::vector<ChainGroup> groups = chain_groups(topology, m);
  const std::size_t n = m.process.size();
  const auto& processes = topology.processes();
  std::vector<double> failure_rate(n), repair_rate(n);
  for (std::size_t j = 0; j < n; ++j) {
    failure_rate[j] = 1.0 / processes[m.process[j]].ttf->mean();
    repair_rate[j] = 1.0 / processes[m.process[j]].ttr->mean();
  }
  // group_member[j]: (group, member) pairs of chain process j.
  std::vector<std::vector<std::pair<std::size_t, std::size_t>>> group_member(n);
  for (std::size_t g = 0; g < groups.size(); ++g)
    for (std::size_t k = 0; k < 2; ++k) group_member[groups[g].member[k]].emplace_back(g, k);
  // Without failover groups the count is exact (and checked); with them it is an upper bound.
  const double counted = pooled_state_count(m);
  const auto capacity = static_cast<std::size_t>(
      counted * std::pow(CONTROLLER_STATES, static_cast<double>(groups.size())));
  chain_->processes = n;

  // Breadth-first exploration from the all-up state; column s of Q^T (the rates out of state s)
  // is complete when s is expanded, so the matrix is filled in order without a triplet copy.
  std::vector<ChainState> states{ChainState{}};
  std::unordered_map<StateKey, std::uint32_t, StateKeyHash> index{{key_of(states[0]), 0}};
  index.reserve(capacity);
  auto& q = chain_->generator_t;
  q.resize(static_cast<Eigen::Index>(capacity), static_cast<Eigen::Index>(capacity));
  q.reserve(static_cast<Eigen::Index>(capacity * (n + 2 * groups.size() + 1)));
  std::vector<double> service_up;
  StructureFunction structure(topology, true);
  std::vector<std::uint8_t> process_up(processes.size(), 1);
  std::vector<std::uint8_t> serving(topology.scenario().failover_groups.size(), 0);
  std::vector<std::pair<std::uint32_t, double>> column;
  std::vector<int> in_repair(m.pool_size.size());
  double max_exit = 0.0;
  auto add = [&](const ChainState& next, double rate) {
    if (rate <= 0.0) return;
    const auto [it, inserted] =
        index.emplace(key_of(next), static_cast<std::uint32_t>(states.size()));
    if (inserted) {
      if (states.size() >= capacity)
        throw std::logic_error("MarkovModel: more states than counted");
      states.push_back(next);
    }
    column.emplace_back(it->second, rate);
  };
  for (std::size_t s = 0; s < states.size(); ++s) {
    const ChainState state = states[s];  // a copy: `states` grows below
    std::uint32_t waiting_mask = 0;
    for (unsigned i = 0; i < state.waiting_count; ++i) waiting_mask |= 1u << state.waiting[i];
    std::fill(in_repair.begin(), in_repair.end(), 0);
    for (std::size_t j = 0; j < n; ++j)
      if (m.pool[j] >= 0 && (state.down >> j & 1u) && !(waiting_mask >> j & 1u))
        ++in_repair[static_cast<std::size_t>(m.pool[j])];
    auto is_up = [&](std::size_t j) { return !(state.down >> j & 1u); };
    column.clear();
    for (std::size_t j = 0; j < n; ++j) {
      const std::uint32_t bit = 1u << j;
      const int pool = m.pool[j];
      ChainState next = state;
      double rate = 0.0;
      if (!(state.down & bit)) {
        next.down |= bit;
        rate = failure_rate[j];
        if (pool >= 0 && in_repair[static_cast<std::size_t>(pool)] >=
                             m.pool_size[static_cast<std::size_t>(pool)]) {
          // Joins the end of its pool's queue; the queue stays grouped by pool.
          std::size_t at = 0;
          while (at < next.waiting_count && m.pool[next.waiting[at]] <= pool) ++at;
          std::copy_backward(next.waiting.begin() + static_cast<std::ptrdiff_t>(at),
                             next.waiting.begin() + next.waiting_count,
                             next.waiting.begin() + next.waiting_count + 1);
          next.waiting[at] = static_cast<std::uint8_t>(j);
          ++next.waiting_count;
        }
      } else if (!(waiting_mask & bit)) {
        next.down &= ~bit;
        rate = repair_rate[j];
        if (pool >= 0) {  // the freed crew member takes the longest waiting of its pool
          std::size_t at = 0;
          while (at < next.waiting_count && m.pool[next.waiting[at]] != pool) ++at;
          if (at < next.waiting_count) {
            std::copy(next.waiting.begin() + static_cast<std::ptrdiff_t>(at) + 1,
                      next.waiting.begin() + next.waiting_count,
                      next.waiting.begin() + static_cast<std::ptrdiff_t>(at));
            next.waiting[--next.waiting_count] = 0;
          }
        }
      } else {
        continue;  // waiting for a crew: nothing happens to it
      }
      for (const auto& [g, k] : group_member[j])
        member_changed(next.controller[g], k, !(next.down & bit));
      add(next, rate);
    }
    // The controllers' own delays: detected(), promoted() and the manual response.
    for (std::size_t g = 0; g < groups.size(); ++g) {
      const ChainGroup& group = groups[g];
      const auto phase = static_cast<ControllerPhase>(state.controller[g] & 7u);
      const std::size_t active = state.controller[g] >> 3;
      const std::size_t other = 1 - active;
      const bool candidate_up = is_up(group.member[other]);
      auto to = [&](ControllerPhase p, std::size_t a, double rate) {
        ChainState next = state;
        next.controller[g] = static_cast<std::uint8_t>(p | a << 3);
        add(next, rate);
      };
      const double manual = group.manual_probability;
      switch (phase) {
        case DETECTING:  // the coin decides the path; no candidate up: wait for one
          to(candidate_up ? SWITCHING : WAITING_AUTOMATIC, active,
             group.detection_rate * (1.0 - manual));
          to(candidate_up ? MANUAL_RESPONSE : WAITING_MANUAL, active,
             group.detection_rate * manual);
          break;
        case SWITCHING:  // a standby that failed meanwhile: wait (it is the only candidate)
          if (candidate_up)
            to(SERVING, other, group.switchover_rate);
          else
            to(WAITING_AUTOMATIC, active, group.switchover_rate);
          break;
        case MANUAL_RESPONSE:
          to(MANUAL_STEPS, active, group.response_rate);
          break;
        case MANUAL_STEPS:
          if (candidate_up)
            to(SERVING, other, group.steps_rate);
          else
            to(WAITING_MANUAL, active, group.steps_rate);
          break;
        case SERVING:
        case WAITING_AUTOMATIC:
        case WAITING_MANUAL:
          break;
      }
    }
    std::sort(column.begin(), column.end());
    double exit = 0.0;
    std::size_t kept = 0;  // merge transitions to the same state
    for (std::size_t i = 0; i < column.size(); ++i) {
      exit += column[i].second;
      if (kept > 0 && column[kept - 1].first == column[i].first)
        column[kept - 1].second += column[i].second;
      else
        column[kept++] = column[i];
    }
    column.resize(kept);
    column.emplace_back(static_cast<std::uint32_t>(s), -exit);
    std::sort(column.begin(), column.end());
    q.startVec(static_cast<Eigen::Index>(s));
    for (const auto& [row, rate] : column) q.insertBack(row, static_cast<Eigen::Index>(s)) = rate;
    max_exit = std::max(max_exit, exit);
    for (std::size_t j = 0; j < n; ++j) process_up[m.process[j]] = is_up(j) ? 1 : 0;
    for (std::size_t g = 0; g < groups.size(); ++g) {
      const std::size_t active = state.controller[g] >> 3;
      serving[groups[g].group] =
          (state.controller[g] & 7u) == SERVING && is_up(groups[g].member[active]) ? 1 : 0;
    }
    service_up.push_back(structure.service_up(process_up.data(), serving.data()) ? 1.0 : 0.0);
  }
  q.finalize();
  const auto reached = static_cast<Eigen::Index>(states.size());
  if (groups.empty() && states.size() != capacity)
    throw std::logic_error("MarkovModel: fewer states than counted");
  if (reached != q.rows()) q.conservativeResize(reached, reached);
  chain_->service_up = Eigen::Map<const Eigen::VectorXd>(service_up.data(), reached);
  // A little above the largest exit rate keeps P = I + Q / rate aperiodic, so pi_k converges
  // and steady-state detection can end the uniformization series early.
  chain_->uniformization_rate = 1.02 * max_exit;
  chain_->solve_steady_state();
}

MarkovModel::~MarkovModel() = default;
MarkovModel::MarkovModel(MarkovModel&&) noexcept = default;
MarkovModel& MarkovModel::operator=(MarkovModel&&) noexcept = default;

std::size_t MarkovModel::state_count() const {
  return static_cast<std::size_t>(chain_->generator_t.rows());
}
std::size_t MarkovModel::process_count() const {
  return chain_->processes;
}
double MarkovModel::steady_state_availability() const {
  return chain_->steady_availability;
}

double MarkovModel::steady_state_unavailability() const {
  const Chain& c = *chain_;
  double down = 0.0;
  for (Eigen::Index s = 0; s < c.steady.size(); ++s)
    if (c.service_up[s] == 0.0) down += c.steady[s];
  return down;
}

// Column s of Q^T holds the rates out of state s: the service's outage rate is the steady-state
// flow from up states into down states.
double MarkovModel::outage_frequency_per_s() const {
  const Chain& c = *chain_;
  double frequency = 0.0;
  for (Eigen::Index s = 0; s < c.generator_t.outerSize(); ++s) {
    if (c.service_up[s] == 0.0) continue;
    for (Eigen::SparseMatrix<double>::InnerIterator it(c.generator_t, s); it; ++it)
      if (it.row() != s && c.service_up[it.row()] == 0.0) frequency += c.steady[s] * it.value();
  }
  return frequency;
}

// A(t) = sum_k Poisson(k; rate t) pi_0 P^k . up. Error budget (absolute, on A): each Poisson
// tail left out <= tolerance / 8 (renormalizing at most doubles their effect: <= tolerance / 2
// in all), steady-state detection <= tolerance / 4, leaving a quarter for the steady-state
// solution and rounding.
std::vector<double> MarkovModel::point_availability(const std::vector<double>& times_s) const {
  const Chain& c = *chain_;
  std::vector<PoissonWindow> windows;
  std::size_t last = 0;
  for (double t : times_s) {
    if (!(t >= 0.0) || !std::isfinite(t))
      throw AnalysisError("point availability: time " + format_count(t) +
                          " s is not a finite time >= 0");
    windows.push_back(poisson_window(c.uniformization_rate * t, UNIFORMIZATION_TOLERANCE / 8.0));
    last = std::max(last, windows.back().right());
  }
  std::vector<double> availability(times_s.size(), 0.0);
  const std::size_t settled =
      c.run_terms(last, UNIFORMIZATION_TOLERANCE / 4.0, [&](std::size_t k, double a) {
        for (std::size_t j = 0; j < windows.size(); ++j)
          if (k >= windows[j].left && k <= windows[j].right())
            availability[j] += windows[j].weights[k - windows[j].left] * a;
      });
  for (std::size_t j = 0; j < windows.size(); ++j) {
    double rest = 0.0;  // weight of the terms from `settled` on
    for (std::size_t k = std::max(settled, windows[j].left); k <= windows[j].right(); ++k)
      rest += windows[j].weights[k - windows[j].left];
    availability[j] += rest * c.steady_availability;
  }
  return availability;
}

// (1/H) integral_0^H A(t) dt = (1/m) sum_k P(N > k) a_k with N ~ Poisson(m = rate H), since
// integral_0^H Poisson(k; rate t) dt = P(N > k) / rate. Each P(N > k) is off by at most twice
// the tail bound, over about R + 1 terms: the bound is tightened until (R + 1) 2 tail / m is
// within half the tolerance.
double MarkovModel::interval_availability(double horizon_s) const {
  const Chain& c = *chain_;
  if (!(horizon_s > 0.0) || !std::isfinite(horizon_s))
    throw AnalysisError("interval availability: horizon " + format_count(horizon_s) +
                        " s is not a finite time > 0");
  const double m = c.uniformization_rate * horizon_s;
  double tail = UNIFORMIZATION_TOLERANCE / 8.0;
  PoissonWindow window = poisson_window(m, tail);
  while (static_cast<double>(window.right() + 1) * 2.0 * tail / m >
         UNIFORMIZATION_TOLERANCE / 2.0) {
    tail = UNIFORMIZATION_TOLERANCE * m / (8.0 * static_cast<double>(window.right() + 2));
    window = poisson_window(m, tail);
  }
  // beyond[k - left] = P(N > k) for k in the window; 1 before it, 0 after it.
  std::vector<double> beyond(window.weights.size(), 0.0);
  for (std::size_t i = window.weights.size() - 1; i-- > 0;)
    beyond[i] = beyond[i + 1] + window.weights[i + 1];
  auto p_beyond = [&](std::size_t k) { return k < window.left ? 1.0 : beyond[k - window.left]; };
  double sum = 0.0;
  const std::size_t settled = c.run_terms(window.right(), UNIFORMIZATION_TOLERANCE / 4.0,
                                          [&](std::size_t k, double a) { sum += p_beyond(k) * a; });
  double rest = settled < window.left ? static_cast<double>(window.left - settled) : 0.0;
  for (std::size_t k = std::max(settled, window.left); k < window.right(); ++k) rest += p_beyond(k);
  return (sum + rest * c.steady_availability) / m;
}

AnalysisResult analyze_markov(const Topology& topology) {
  const std::vector<std::string> reasons = not_analysable_reasons(topology, AnalysisMethod::MARKOV);
  if (!reasons.empty()) throw AnalysisError(join(reasons, "; "));
  const MarkovModel model(topology);
  AnalysisResult r;
  r.method = "markov";
  r.availability = model.steady_state_availability();
  r.unavailability = model.steady_state_unavailability();
  r.failure_frequency_per_s = model.outage_frequency_per_s();
  if (r.failure_frequency_per_s > 0.0) {
    r.mean_outage_s = r.unavailability / r.failure_frequency_per_s;
    r.mean_time_between_outages_s = 1.0 / r.failure_frequency_per_s;
    r.mean_up_time_s = r.availability / r.failure_frequency_per_s;
  }
  r.notes.push_back("solved as a continuous-time Markov chain of " +
                    std::to_string(model.state_count()) +
                    " states; the importance ranking needs independent processes (the decision "
                    "diagram), which failover groups and shared crews are not");
  return r;
}

double markov_steady_state_availability(const Topology& topology, int crews) {
  return MarkovModel(topology, crews).steady_state_availability();
}

std::vector<double> point_availability(const Topology& topology, const std::vector<double>& times_s,
                                       int crews) {
  return MarkovModel(topology, crews).point_availability(times_s);
}

}  // namespace resim
