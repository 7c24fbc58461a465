// The validated scenario: what the planner wrote, checked and with defaults filled in.
// docs/scenario-format.md documents every field.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/distribution.h"

namespace resim {

// Alternating up/down periods: time to failure, then time to repair.
struct FailureProcess {
  Distribution ttf;
  Distribution ttr;
};

struct Zone {
  std::string name;
  std::optional<FailureProcess> outage;  // none: the zone itself never fails
};

struct Region {
  std::string name;
  std::optional<FailureProcess> outage;
  std::vector<Zone> zones;
};

struct Component {
  std::string name;
  std::string description;
  std::vector<std::string> zones;  // placement; empty: not placed in any zone
  int per_zone = 1;                // instances in each zone (when placed)
  int count = 1;                   // instances in all (when not placed)
  int min_up = 1;                  // the component is up while at least min_up instances are
  FailureProcess process{Distribution::constant(0.0), Distribution::constant(0.0)};
  std::vector<std::string> requires_;  // names of components or groups
};

struct Group {
  std::string name;
  std::string description;
  std::vector<std::string> members;  // names of components or groups
  int min_up = 1;
  std::vector<std::string> requires_;
};

struct Settings {
  double horizon_s = 8760.0 * 3600.0;
  std::int64_t trials = 10000;
  std::uint64_t seed = 1;
  int threads = 0;  // 0: all cores
};

struct Targets {
  std::optional<double> availability;
  std::optional<double> rto_s;
  double rto_quantile = 0.99;  // the rto target is met when this share of outages end within it
};

struct Scenario {
  std::string file;  // where it was read from, for messages
  std::string name;
  std::string description;
  Settings settings;
  Targets targets;
  std::vector<Region> regions;
  std::vector<Component> components;
  std::vector<Group> groups;
  std::string service;
};

// Reads and validates a scenario. Throws ScenarioError naming file, JSON pointer and fix.
Scenario parse_scenario(const std::string& text, const std::string& file);
Scenario load_scenario(const std::string& path);

}  // namespace resim
