// The compiled model: one Boost.Graph of regions, zones, component instances, components and
// groups. An edge runs from an input to the vertex whose state depends on it, so a state
// change flows along out-edges.
#pragma once

#include <boost/graph/adjacency_list.hpp>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "models/scenario.h"

namespace resim {

enum class VertexKind : std::uint8_t { REGION, ZONE, INSTANCE, COMPONENT, GROUP, FAILOVER };

// REQUIRES: the dependent is down while this input is down (shared fate and "requires").
// MEMBER: the dependent counts this input towards its min_up (k-of-n redundancy).
// CANDIDATE: the dependent is a failover group and this input one of its members; the group's
// state follows its failover controller, not a count.
enum class EdgeKind : std::uint8_t { REQUIRES, MEMBER, CANDIDATE };

// FAILOVER: an outage a failover group caused itself, such as the brief one of a failback.
// DATA: a dataset held down while it is restored from backup.
enum class CauseKind : std::uint8_t { COMPONENT, ZONE, REGION, FAILOVER, DATA };

// "component", "zone", "region" or "failover", as reports name them.
const char* to_string(CauseKind kind);

struct VertexProperties {
  std::string name;
  VertexKind kind = VertexKind::COMPONENT;
  int min_up = 0;         // members that must be up; 0 for vertices without members
  int process = -1;       // index into Topology::processes(), -1 when the vertex never fails itself
  int failover = -1;      // index into Scenario::failover_groups for FAILOVER vertices
  double capacity = 0.0;  // INSTANCE: what it serves while up
  const std::vector<double>* demand = nullptr;  // a block's: constant or 24 hourly values
};

struct EdgeProperties {
  EdgeKind kind = EdgeKind::REQUIRES;
};

using TopologyGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS,
                                            VertexProperties, EdgeProperties>;
using Vertex = TopologyGraph::vertex_descriptor;

// One alternating failure/repair process: an instance, a zone or a region.
struct Process {
  Vertex vertex;
  const Distribution* ttf;  // owned by the Topology's Scenario
  const Distribution* ttr;
  std::uint64_t key;  // stable_key(vertex name): seeds this process's random streams
  int cause;          // index into Topology::causes()
  int crew;           // index into Scenario::crews, -1 when repairs start at once
};

// What an outage is attributed to: a component entry (all its instances), a zone or a region.
struct Cause {
  std::string name;
  CauseKind kind;
};

class Topology {
 public:
  // Resolves every name, expands replicas, checks for cycles. Throws ScenarioError.
  explicit Topology(Scenario scenario);
  Topology(const Topology&) = delete;
  Topology& operator=(const Topology&) = delete;

  const Scenario& scenario() const { return scenario_; }
  const TopologyGraph& graph() const { return graph_; }
  Vertex root() const { return root_; }
  const std::vector<Process>& processes() const { return processes_; }
  const std::vector<Cause>& causes() const { return causes_; }
  // Things worth telling the planner that are not errors, e.g. elements the service does not use.
  const std::vector<std::string>& warnings() const { return warnings_; }
  std::size_t instance_count() const;
  // The member vertices of failover group g, in promotion order (primary first).
  const std::vector<Vertex>& failover_members(std::size_t g) const { return failover_members_[g]; }
  int failover_cause(std::size_t g) const { return failover_causes_[g]; }
  // What carries a demand on `block` (or on a failover group whose member it is): a component
  // itself, a group's direct members.
  std::vector<Vertex> capacity_sources(Vertex block) const;
  // The inputs a vertex counts towards its min_up: a component's instances, a group's members.
  std::vector<Vertex> members_of(Vertex v) const;
  // The component or failover group vertex that holds dataset d, and the cause of its restores.
  Vertex dataset_vertex(std::size_t d) const { return dataset_vertices_[d]; }
  int dataset_cause(std::size_t d) const { return dataset_causes_[d]; }

 private:
  Vertex add_vertex(const std::string& name, VertexKind kind);
  int add_cause(const std::string& name, CauseKind kind);
  void add_process(Vertex vertex, const FailureProcess& process, int cause, int crew);
  void add_regions();
  void add_components();
  void add_groups();
  std::vector<std::string> block_names() const;
  void connect_references();
  void add_datasets();
  void check_acyclic() const;
  void check_demands() const;
  void find_root();
  void note_unused();
  Vertex resolve(const std::string& name, const std::string& pointer) const;

  Scenario scenario_;
  TopologyGraph graph_;
  std::unordered_map<std::string, Vertex> by_name_;  // built once; all connections go through it
  std::vector<Process> processes_;
  std::vector<Cause> causes_;
  std::vector<std::vector<Vertex>> failover_members_;
  std::vector<int> failover_causes_;
  std::vector<Vertex> dataset_vertices_;
  std::vector<int> dataset_causes_;
  std::vector<std::string> warnings_;
  Vertex root_ = 0;
};

}  // namespace resim
