#include "models/topology.h"

#include <algorithm>

#include "models/scenario_error.h"
#include "sim/random.h"

namespace resim {

namespace {

std::string instance_name(const Component& component, const std::string& zone, int index,
                          int per_place) {
  // Appended piecewise: GCC 12 warns falsely (-Wrestrict) about "literal" + std::string&&.
  std::string name = component.name;
  if (!zone.empty()) name.append("@").append(zone);
  if (per_place > 1) name.append("#").append(std::to_string(index + 1));
  return name;
}

std::string pointer_to(const char* list, std::size_t index, const char* key, std::size_t item) {
  std::string pointer = "/";
  pointer.append(list).append("/").append(std::to_string(index)).append("/").append(key);
  return pointer.append("/").append(std::to_string(item));
}

// Where `dependent` (a component or group) names `input` in its "requires" or "members".
std::string reference_pointer(const Scenario& scenario, const std::string& dependent,
                              const std::string& input) {
  auto in = [&](const std::vector<std::string>& names, const char* list, std::size_t index,
                const char* key) -> std::string {
    const auto it = std::find(names.begin(), names.end(), input);
    return it == names.end()
               ? std::string()
               : pointer_to(list, index, key, static_cast<std::size_t>(it - names.begin()));
  };
  for (std::size_t c = 0; c < scenario.components.size(); ++c)
    if (scenario.components[c].name == dependent)
      return in(scenario.components[c].requires_, "components", c, "requires");
  for (std::size_t g = 0; g < scenario.groups.size(); ++g) {
    if (scenario.groups[g].name != dependent) continue;
    const std::string member = in(scenario.groups[g].members, "groups", g, "members");
    return member.empty() ? in(scenario.groups[g].requires_, "groups", g, "requires") : member;
  }
  return {};
}

bool is_block(VertexKind kind) {
  return kind == VertexKind::COMPONENT || kind == VertexKind::GROUP || kind == VertexKind::FAILOVER;
}

int crew_index(const Scenario& scenario, const std::string& name) {
  for (std::size_t c = 0; c < scenario.crews.size(); ++c)
    if (scenario.crews[c].name == name) return static_cast<int>(c);
  return -1;
}

const char* kind_word(VertexKind kind) {
  return kind == VertexKind::ZONE     ? "a zone"
         : kind == VertexKind::REGION ? "a region"
                                      : "an instance";
}

}  // namespace

const char* to_string(CauseKind kind) {
  switch (kind) {
    case CauseKind::COMPONENT:
      return "component";
    case CauseKind::ZONE:
      return "zone";
    case CauseKind::REGION:
      return "region";
    case CauseKind::FAILOVER:
      return "failover";
    case CauseKind::DATA:
      return "data";
  }
  return "component";
}

Topology::Topology(Scenario scenario) : scenario_(std::move(scenario)) {
  add_regions();
  add_components();
  add_groups();
  connect_references();
  add_datasets();
  find_root();
  check_acyclic();
  check_demands();
  note_unused();
}

std::size_t Topology::instance_count() const {
  std::size_t count = 0;
  for (auto v : boost::make_iterator_range(boost::vertices(graph_)))
    count += graph_[v].kind == VertexKind::INSTANCE ? 1 : 0;
  return count;
}

Vertex Topology::add_vertex(const std::string& name, VertexKind kind) {
  const Vertex v = boost::add_vertex(VertexProperties{name, kind, 0, -1, -1}, graph_);
  by_name_.emplace(name, v);
  return v;
}

int Topology::add_cause(const std::string& name, CauseKind kind) {
  causes_.push_back(Cause{name, kind});
  return static_cast<int>(causes_.size()) - 1;
}

void Topology::add_process(Vertex vertex, const FailureProcess& process, int cause, int crew) {
  graph_[vertex].process = static_cast<int>(processes_.size());
  processes_.push_back(
      Process{vertex, &process.ttf, &process.ttr, stable_key(graph_[vertex].name), cause, crew});
}

void Topology::add_regions() {
  for (const auto& region : scenario_.regions) {
    const Vertex rv = add_vertex(region.name, VertexKind::REGION);
    if (region.outage)
      add_process(rv, *region.outage, add_cause(region.name, CauseKind::REGION), -1);
    for (const auto& zone : region.zones) {
      const Vertex zv = add_vertex(zone.name, VertexKind::ZONE);
      boost::add_edge(rv, zv, EdgeProperties{EdgeKind::REQUIRES}, graph_);
      if (zone.outage) add_process(zv, *zone.outage, add_cause(zone.name, CauseKind::ZONE), -1);
    }
  }
}

void Topology::add_components() {
  for (const auto& component : scenario_.components) {
    const Vertex cv = add_vertex(component.name, VertexKind::COMPONENT);
    graph_[cv].min_up = component.min_up;
    if (!component.demand.empty()) graph_[cv].demand = &component.demand;
    const int cause = add_cause(component.name, CauseKind::COMPONENT);
    // An unplaced component is one "place" with no zone to share the fate of.
    const std::vector<std::string> places =
        component.zones.empty() ? std::vector<std::string>{""} : component.zones;
    const int per_place = component.zones.empty() ? component.count : component.per_zone;
    for (const auto& zone : places) {
      for (int i = 0; i < per_place; ++i) {
        const Vertex iv =
            add_vertex(instance_name(component, zone, i, per_place), VertexKind::INSTANCE);
        graph_[iv].capacity = component.capacity;
        if (!zone.empty())
          boost::add_edge(by_name_.at(zone), iv, EdgeProperties{EdgeKind::REQUIRES}, graph_);
        boost::add_edge(iv, cv, EdgeProperties{EdgeKind::MEMBER}, graph_);
        add_process(iv, component.process, cause, crew_index(scenario_, component.crew));
      }
    }
  }
}

void Topology::add_groups() {
  for (const auto& group : scenario_.groups) {
    const Vertex gv = add_vertex(group.name, VertexKind::GROUP);
    graph_[gv].min_up = group.min_up;
    if (!group.demand.empty()) graph_[gv].demand = &group.demand;
  }
  for (std::size_t g = 0; g < scenario_.failover_groups.size(); ++g) {
    const FailoverGroup& group = scenario_.failover_groups[g];
    const Vertex fv = add_vertex(group.name, VertexKind::FAILOVER);
    graph_[fv].failover = static_cast<int>(g);
    if (!group.demand.empty()) graph_[fv].demand = &group.demand;
    failover_causes_.push_back(add_cause(group.name, CauseKind::FAILOVER));
  }
}

// A dataset lives on the instances of a component or of a failover group's members.
void Topology::add_datasets() {
  const auto& datasets = scenario_.data.datasets;
  for (std::size_t d = 0; d < datasets.size(); ++d) {
    const std::string pointer = "/datasets/" + std::to_string(d) + "/on";
    const Vertex v = resolve(datasets[d].on, pointer);
    if (graph_[v].kind == VertexKind::GROUP)
      throw ScenarioError(scenario_.file, pointer,
                          "'" + datasets[d].on +
                              "' is a group; a dataset lives on a component or a failover group, "
                              "whose instances hold its replicas");
    dataset_vertices_.push_back(v);
    dataset_causes_.push_back(add_cause(datasets[d].name, CauseKind::DATA));
  }
}

std::vector<std::string> Topology::block_names() const {
  std::vector<std::string> blocks;
  for (const auto& c : scenario_.components) blocks.push_back(c.name);
  for (const auto& g : scenario_.groups) blocks.push_back(g.name);
  for (const auto& f : scenario_.failover_groups) blocks.push_back(f.name);
  return blocks;
}

Vertex Topology::resolve(const std::string& name, const std::string& pointer) const {
  const auto it = by_name_.find(name);
  if (it != by_name_.end() && is_block(graph_[it->second].kind)) return it->second;
  std::string message =
      "unknown component or group '" + name + "'" + did_you_mean(name, block_names());
  if (it != by_name_.end())
    message = "'" + name +
              "' is a zone or region; components are placed in zones with \"zones\" or \"region\", "
              "not required";
  throw ScenarioError(scenario_.file, pointer, message);
}

void Topology::connect_references() {
  auto connect = [&](const std::vector<std::string>& names, Vertex to, EdgeKind kind,
                     const char* list, std::size_t index, const char* key) {
    for (std::size_t i = 0; i < names.size(); ++i) {
      const std::string pointer = pointer_to(list, index, key, i);
      const auto known = by_name_.find(names[i]);
      if (known != by_name_.end() && (graph_[known->second].kind == VertexKind::ZONE ||
                                      graph_[known->second].kind == VertexKind::REGION)) {
        throw ScenarioError(scenario_.file, pointer,
                            "'" + names[i] + "' is " + kind_word(graph_[known->second].kind) +
                                ", but '" + key +
                                "' lists components and groups; to run a component there, give the "
                                "component \"zones\" or \"region\" instead");
      }
      const Vertex from = resolve(names[i], pointer);
      if (const auto existing = boost::edge(from, to, graph_); existing.second) {
        const bool member = graph_[existing.first].kind == EdgeKind::MEMBER;
        throw ScenarioError(
            scenario_.file, pointer,
            member && kind == EdgeKind::REQUIRES
                ? "'" + names[i] + "' is already a member of '" + graph_[to].name +
                      "'; remove it from 'requires' (or from 'members' if every one of "
                      "them must be up)"
                : "'" + names[i] + "' is listed twice; remove one");
      }
      if (from == to)
        throw ScenarioError(
            scenario_.file, pointer,
            "'" + names[i] + "' cannot depend on itself; remove it from '" + key + "'");
      boost::add_edge(from, to, EdgeProperties{kind}, graph_);
    }
  };
  for (std::size_t c = 0; c < scenario_.components.size(); ++c) {
    const auto& component = scenario_.components[c];
    connect(component.requires_, by_name_.at(component.name), EdgeKind::REQUIRES, "components", c,
            "requires");
  }
  for (std::size_t g = 0; g < scenario_.groups.size(); ++g) {
    const auto& group = scenario_.groups[g];
    connect(group.members, by_name_.at(group.name), EdgeKind::MEMBER, "groups", g, "members");
    connect(group.requires_, by_name_.at(group.name), EdgeKind::REQUIRES, "groups", g, "requires");
  }
  for (std::size_t g = 0; g < scenario_.failover_groups.size(); ++g) {
    const auto& group = scenario_.failover_groups[g];
    const Vertex gv = by_name_.at(group.name);
    std::vector<std::string> members;
    for (std::size_t m = 0; m < group.members.size(); ++m) members.push_back(group.members[m].name);
    for (std::size_t m = 0; m < members.size(); ++m) {
      // Each member is connected on its own so that its pointer names /members/m/name.
      const std::string pointer =
          "/failover_groups/" + std::to_string(g) + "/members/" + std::to_string(m) + "/name";
      const Vertex from = resolve(members[m], pointer);
      if (from == gv || boost::edge(from, gv, graph_).second)
        throw ScenarioError(
            scenario_.file, pointer,
            "'" + members[m] + "' is listed twice or is the group itself; remove it");
      boost::add_edge(from, gv, EdgeProperties{EdgeKind::CANDIDATE}, graph_);
    }
    failover_members_.emplace_back();
    for (const auto& name : members) failover_members_.back().push_back(by_name_.at(name));
    connect(group.requires_, gv, EdgeKind::REQUIRES, "failover_groups", g, "requires");
  }
}

void Topology::find_root() {
  const auto it = by_name_.find(scenario_.service);
  if (it != by_name_.end() && (graph_[it->second].kind == VertexKind::ZONE ||
                               graph_[it->second].kind == VertexKind::REGION)) {
    throw ScenarioError(
        scenario_.file, "/service",
        "'" + scenario_.service + "' is " + kind_word(graph_[it->second].kind) +
            "; the service must name the component or group whose availability is the "
            "system's, e.g. \"service\": \"" +
            scenario_.components.front().name + "\"");
  }
  if (it == by_name_.end() || !is_block(graph_[it->second].kind)) {
    throw ScenarioError(
        scenario_.file, "/service",
        "'" + scenario_.service + "' is not a component or group" +
            did_you_mean(scenario_.service, block_names()) +
            "; the service must name the element whose availability is the system's");
  }
  root_ = it->second;
}

// Depth-first search for a back edge; the error spells out the whole cycle. Iterative, with an
// explicit stack of out-edge positions: chains of 100 000 levels are valid scenarios, and
// recursion that deep exhausts the thread's stack. Linear in vertices and edges.
void Topology::check_acyclic() const {
  enum class Mark : std::uint8_t { NEW, ACTIVE, DONE };
  using OutEdge = TopologyGraph::out_edge_iterator;
  struct Frame {
    Vertex vertex;
    OutEdge next;
    OutEdge end;
  };
  std::vector<Mark> mark(boost::num_vertices(graph_), Mark::NEW);
  std::vector<Frame> path;  // the active vertices, outermost first
  auto enter = [&](Vertex v) {
    mark[v] = Mark::ACTIVE;
    const auto [begin, end] = boost::out_edges(v, graph_);
    path.push_back(Frame{v, begin, end});
  };
  for (auto start : boost::make_iterator_range(boost::vertices(graph_))) {
    if (mark[start] != Mark::NEW) continue;
    enter(start);
    while (!path.empty()) {
      Frame& top = path.back();
      if (top.next == top.end) {
        mark[top.vertex] = Mark::DONE;
        path.pop_back();
        continue;
      }
      const Vertex next = boost::target(*top.next, graph_);
      ++top.next;
      if (mark[next] == Mark::NEW) {
        enter(next);  // `top` is invalid from here on
        continue;
      }
      if (mark[next] != Mark::ACTIVE) continue;
      // Edges run from an input to its dependent, so the cycle reads backwards.
      const Vertex v = top.vertex;
      std::vector<Vertex> ring{next};
      for (auto it = path.rbegin(); it != path.rend(); ++it) {
        ring.push_back(it->vertex);
        if (it->vertex == next) break;
      }
      // A cycle through 100 000 elements is named by its ends, not printed whole.
      constexpr std::size_t SHOWN = 6;
      std::string cycle = graph_[ring.front()].name;
      for (std::size_t i = 1; i < ring.size(); ++i) {
        if (ring.size() > 2 * SHOWN + 1 && i == SHOWN) {
          cycle += " needs ... (" + std::to_string(ring.size() - 2 * SHOWN) + " more)";
          i = ring.size() - SHOWN;
        }
        cycle += " needs " + graph_[ring[i]].name;
      }
      // Point at the entry that closes the cycle: `next` naming the current vertex.
      throw ScenarioError(
          scenario_.file, reference_pointer(scenario_, graph_[next].name, graph_[v].name),
          "dependency cycle: " + cycle + "; remove one of these 'requires' or 'members' entries");
    }
  }
}

std::vector<Vertex> Topology::members_of(Vertex v) const {
  std::vector<Vertex> members;
  for (auto e : boost::make_iterator_range(boost::in_edges(v, graph_)))
    if (graph_[e].kind == EdgeKind::MEMBER) members.push_back(boost::source(e, graph_));
  return members;
}

std::vector<Vertex> Topology::capacity_sources(Vertex block) const {
  return graph_[block].kind == VertexKind::GROUP ? members_of(block) : std::vector<Vertex>{block};
}

namespace {

std::string scale_pointer(std::size_t g, std::size_t m, const FailoverMember& member) {
  return "/failover_groups/" + std::to_string(g) + "/members/" + std::to_string(m) +
         (member.scale_up ? "/scale_up" : "/standby_capacity");
}

}  // namespace

// A standby serves nothing while it stands by: a demand inside a failover group's member would
// count its idle capacity (or a shortfall all year), so the failover group carries the demand,
// served by whichever member serves. One backward sweep from the members: linear.
void Topology::check_demands() const {
  constexpr Vertex NONE = ~Vertex{0};
  std::vector<Vertex> inside(boost::num_vertices(graph_), NONE);  // the failover group around it
  std::vector<Vertex> stack;
  for (auto e : boost::make_iterator_range(boost::edges(graph_))) {
    if (graph_[e].kind != EdgeKind::CANDIDATE || inside[boost::source(e, graph_)] != NONE) continue;
    inside[boost::source(e, graph_)] = boost::target(e, graph_);
    stack.push_back(boost::source(e, graph_));
    while (!stack.empty()) {
      const Vertex v = stack.back();
      stack.pop_back();
      for (auto in : boost::make_iterator_range(boost::in_edges(v, graph_)))
        if (graph_[in].kind == EdgeKind::MEMBER && inside[boost::source(in, graph_)] == NONE) {
          inside[boost::source(in, graph_)] = inside[v];
          stack.push_back(boost::source(in, graph_));
        }
    }
  }
  auto refuse_inside = [&](const std::string& name, const char* list, std::size_t index) {
    const Vertex group = inside[by_name_.at(name)];
    if (group == NONE) return;
    throw ScenarioError(scenario_.file, "/" + std::string(list) + "/" + std::to_string(index) +
                                            "/demand",
                        "'" + name + "' is part of a member of failover group '" +
                            graph_[group].name +
                            "': its demand would count while that member stands by idle; put "
                            "the demand on the failover group, which serves it with its serving "
                            "member's capacity");
  };
  for (std::size_t c = 0; c < scenario_.components.size(); ++c)
    if (!scenario_.components[c].demand.empty())
      refuse_inside(scenario_.components[c].name, "components", c);
  for (std::size_t g = 0; g < scenario_.groups.size(); ++g)
    if (!scenario_.groups[g].demand.empty()) refuse_inside(scenario_.groups[g].name, "groups", g);

  for (std::size_t g = 0; g < scenario_.failover_groups.size(); ++g) {
    const FailoverGroup& group = scenario_.failover_groups[g];
    for (std::size_t m = 0; m < group.members.size(); ++m) {
      const FailoverMember& member = group.members[m];
      if (group.demand.empty() && member.standby_capacity < 1.0)
        throw ScenarioError(scenario_.file, scale_pointer(g, m, member),
                            "capacity only matters to a demand: give failover group '" +
                                group.name + "' a \"demand\", such as \"demand\": 400, or remove "
                                "it");
      double capacity = 0.0;  // of the member's instances, summed as the run sums them
      for (const Vertex source : capacity_sources(failover_members_[g][m]))
        if (graph_[source].kind == VertexKind::COMPONENT)
          for (const Vertex instance : members_of(source)) capacity += graph_[instance].capacity;
      if (!group.demand.empty() && capacity <= 0.0)
        throw ScenarioError(
            scenario_.file, "/failover_groups/" + std::to_string(g) + "/demand",
            "member '" + member.name +
                "' has no capacity to serve it: give its instances (or, for a group, its "
                "members' instances) a \"capacity\" in the demand's units, e.g. \"capacity\": 400");
    }
  }
}

void Topology::note_unused() {
  std::vector<bool> feeds_root(boost::num_vertices(graph_), false);
  std::vector<Vertex> stack{root_};
  feeds_root[root_] = true;
  while (!stack.empty()) {
    const Vertex v = stack.back();
    stack.pop_back();
    for (auto e : boost::make_iterator_range(boost::in_edges(v, graph_))) {
      const Vertex input = boost::source(e, graph_);
      if (!feeds_root[input]) {
        feeds_root[input] = true;
        stack.push_back(input);
      }
    }
  }
  for (auto v : boost::make_iterator_range(boost::vertices(graph_))) {
    const auto kind = graph_[v].kind;
    if (!feeds_root[v] && is_block(kind))
      warnings_.push_back("'" + graph_[v].name + "' is not required by the service '" +
                          scenario_.service + "' and does not affect its availability");
  }
}

}  // namespace resim
