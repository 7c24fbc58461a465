#include "models/scenario.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "models/duration.h"
#include "models/json_document.h"
#include "models/json_reader.h"
#include "models/scenario_error.h"

namespace resim {

namespace {

// Names reach terminals and reports: a newline, escape sequence or NUL in one could forge an
// "error:" line or clear the screen.
std::string read_printable(const JsonReader& node) {
  const std::string text = node.as_string();
  if (has_control_character(text))
    node.fail("'" + printable(text) +
              "' contains a control character (newline, tab, escape, NUL...): names must be "
              "printable text; use letters, digits, '-' or '_'");
  return text;
}

std::string read_name(const JsonReader& node, std::string_view example) {
  if (!node.has("name"))
    node.fail("missing required key 'name': add a unique name, e.g. \"name\": \"" +
              std::string(example) + "\"");
  const JsonReader name = node.at("name");
  const std::string text = read_printable(name);
  if (text.empty())
    name.fail("a name must not be empty: write e.g. \"name\": \"" + std::string(example) + "\"");
  if (text.find_first_of("@#/") != std::string::npos)
    name.fail("'" + text +
              "' contains '@', '#' or '/', which resim uses in instance names; use letters, "
              "digits, '-' or '_'");
  return text;
}

std::string read_optional_string(const JsonReader& node, std::string_view key) {
  const auto value = node.find(key);
  return value ? value->as_string() : std::string();
}

// The Distribution constructors reject parameters whose moments do not fit a double (say a
// median of 1e-300s with a p95 of 1e300y) with std::invalid_argument; report them here.
Distribution parse_distribution_checked(const JsonReader& node) {
  try {
    return parse_distribution(node);
  } catch (const std::invalid_argument& error) {
    node.fail(std::string("these parameters are out of range (") + error.what() +
              "): use durations and shapes of a realistic size");
  }
}

}  // namespace

// Exactly one of the shorthand (exponential with that mean) and the full distribution.
std::optional<Distribution> read_time(const JsonReader& node, std::string_view shorthand,
                                      std::string_view full) {
  const auto mean = node.find(shorthand);
  const auto dist = node.find(full);
  if (mean && dist)
    dist->fail("give either '" + std::string(shorthand) + "' or '" + std::string(full) +
               "', not both");
  if (mean) return Distribution::exponential(mean->as_positive_duration());
  if (!dist) return std::nullopt;
  Distribution parsed = parse_distribution_checked(*dist);
  // Zero-length cycles would let a trial make no progress in time.
  if (!(parsed.mean() > 0.0))
    dist->fail("must be longer than zero on average; " + parsed.describe() +
               " is not: give durations longer than zero, such as \"5m\"");
  return parsed;
}

// `what` is "zone" or "region": their outage process is optional, but all or nothing.
std::optional<FailureProcess> read_optional_process(const JsonReader& node,
                                                    const std::string& what) {
  auto ttf = read_time(node, "mtbf", "ttf");
  auto ttr = read_time(node, "mttr", "ttr");
  if (!ttf && !ttr) return std::nullopt;
  if (!ttf)
    node.fail("this " + what +
              " has a time to repair but no time to failure: add \"mtbf\": \"8760h\" or a \"ttf\" "
              "distribution, or remove the time to repair so that the " +
              what + " never fails");
  if (!ttr)
    node.fail("this " + what +
              " has a time to failure but no time to repair: add \"mttr\": \"4h\" or a \"ttr\" "
              "distribution, or remove the time to failure so that the " +
              what + " never fails");
  return FailureProcess{std::move(*ttf), std::move(*ttr)};
}

namespace {

FailureProcess read_process(const JsonReader& node) {
  if (!node.has("mtbf") && !node.has("ttf"))
    node.fail(
        "missing time to failure: add \"mtbf\": \"2000h\" (exponential) or a \"ttf\" distribution");
  if (!node.has("mttr") && !node.has("ttr"))
    node.fail(
        "missing time to repair: add \"mttr\": \"30m\" (exponential) or a \"ttr\" distribution");
  return *read_optional_process(node, "component");
}

std::vector<std::string> read_names(const JsonReader& node) {
  if (node.is_string()) {
    const std::string name = node.as_string();
    node.fail("expected an array of names, found a string: write [\"" + name + "\"]");
  }
  std::vector<std::string> names;
  for (std::size_t i = 0; i < node.size(); ++i) names.push_back(read_printable(node.at(i)));
  return names;
}

// `max_meaning`, when given, says where the maximum comes from: "the component's instances".
int read_count(const JsonReader& node, std::string_view key, int fallback, int min, int max,
               const std::string& max_meaning = "") {
  const auto value = node.find(key);
  if (!value) return fallback;
  const std::int64_t number = value->as_integer();
  if (number < min || number > max)
    value->fail("must be between " + std::to_string(min) + " and " + std::to_string(max) +
                (max_meaning.empty() ? "" : " (" + max_meaning + ")") + ", found " +
                std::to_string(number));
  return static_cast<int>(number);
}

Settings read_settings(const JsonReader& node) {
  node.allow_only({"horizon", "trials", "seed", "threads", "max_events"});
  Settings settings;
  if (const auto horizon = node.find("horizon")) {
    settings.horizon_s = horizon->as_positive_duration();
    if (settings.horizon_s > MAX_HORIZON_S)
      horizon->fail(
          "at most 1000y: simulate more trials rather than longer ones, e.g. \"horizon\": \"1y\"");
  }
  if (const auto trials = node.find("trials")) {
    settings.trials = trials->as_integer();
    if (settings.trials < 1) trials->fail("must be at least 1");
    if (settings.trials > MAX_TRIALS)
      trials->fail("at most " + std::to_string(MAX_TRIALS) +
                   " (docs/limits.md): the interval is already far narrower than the model's "
                   "accuracy; write e.g. \"trials\": 100000");
  }
  if (const auto seed = node.find("seed")) {
    const std::int64_t value = seed->as_integer();
    if (value < 0) seed->fail("must be zero or positive");
    settings.seed = static_cast<std::uint64_t>(value);
  }
  settings.threads = read_count(node, "threads", 0, 0, MAX_THREADS);
  if (const auto limit = node.find("max_events")) {
    settings.max_events = limit->as_number();
    if (!(settings.max_events >= 1.0 && settings.max_events <= 1e18))
      limit->fail("must be between 1 and 1e18: the expected events a run may take, such as 1e11");
  }
  return settings;
}

// The share of a zone's or region's outages that destroy it (a fire, a flood, a deleted account).
double read_destroy_probability(const JsonReader& node, bool has_outage) {
  const auto p = node.find("destroy_probability");
  if (!p) return 0.0;
  if (!has_outage)
    p->fail(
        "only an outage can destroy: add \"mtbf\" and \"mttr\" for its outages, or remove "
        "'destroy_probability'");
  const double value = p->as_number();
  if (!(value >= 0.0 && value <= 1.0))
    p->fail("must be a probability between 0 and 1, such as 0.01");
  return value;
}

Zone read_zone(const JsonReader& node) {
  node.allow_only({"name", "description", "mtbf", "ttf", "mttr", "ttr", "destroy_probability"});
  Zone zone{read_name(node, "us-east-1a"), std::nullopt};
  read_optional_string(node, "description");  // not kept, but it must be a string
  zone.outage = read_optional_process(node, "zone");
  zone.destroy_probability = read_destroy_probability(node, zone.outage.has_value());
  return zone;
}

Region read_region(const JsonReader& node) {
  node.allow_only(
      {"name", "description", "mtbf", "ttf", "mttr", "ttr", "zones", "destroy_probability"});
  Region region{read_name(node, "us-east-1"), std::nullopt, {}};
  read_optional_string(node, "description");  // not kept, but it must be a string
  region.outage = read_optional_process(node, "region");
  region.destroy_probability = read_destroy_probability(node, region.outage.has_value());
  if (!node.has("zones"))
    node.fail(
        "missing required key 'zones': list the region's zones, e.g. \"zones\": [{\"name\": \"" +
        region.name + "a\"}]");
  const JsonReader zones = node.at("zones");
  if (zones.size() == 0)
    zones.fail("a region needs at least one zone: add {\"name\": \"" + region.name + "a\"}");
  for (std::size_t i = 0; i < zones.size(); ++i) region.zones.push_back(read_zone(zones.at(i)));
  return region;
}

const Region* find_region(const std::vector<Region>& regions, const std::string& name) {
  for (const auto& region : regions)
    if (region.name == name) return &region;
  return nullptr;
}

std::vector<std::string> zone_names(const std::vector<Region>& regions) {
  std::vector<std::string> names;
  for (const auto& region : regions)
    for (const auto& zone : region.zones) names.push_back(zone.name);
  return names;
}

std::vector<std::string> region_names(const std::vector<Region>& regions) {
  std::vector<std::string> names;
  for (const auto& region : regions) names.push_back(region.name);
  return names;
}

void read_placement(const JsonReader& node, const std::vector<Region>& regions,
                    Component& component) {
  const auto zones = node.find("zones");
  const auto region = node.find("region");
  if (zones && region) region->fail("give either 'zones' or 'region', not both");
  if (zones) {
    const auto known = zone_names(regions);
    if (zones->is_string()) {
      const std::string name = zones->as_string();
      zones->fail("expected an array of zone names, found a string: write [\"" + name +
                  "\"], or write \"region\" to use every zone of a region");
    }
    if (zones->size() == 0)
      zones->fail("list at least one zone, or remove 'zones' to leave the component unplaced");
    for (std::size_t i = 0; i < zones->size(); ++i) {
      const JsonReader zone = zones->at(i);
      const std::string name = zone.as_string();
      if (std::find(known.begin(), known.end(), name) == known.end())
        zone.fail("unknown zone '" + name + "'" + did_you_mean(name, known) +
                  (known.empty() ? "; declare zones under \"regions\"" : ""));
      if (std::find(component.zones.begin(), component.zones.end(), name) != component.zones.end())
        zone.fail("zone '" + name +
                  "' is listed twice: use \"per_zone\" for several instances in a zone");
      component.zones.push_back(name);
    }
  }
  if (region) {
    const std::string name = region->as_string();
    const Region* found = find_region(regions, name);
    if (!found)
      region->fail("unknown region '" + name + "'" + did_you_mean(name, region_names(regions)) +
                   (regions.empty() ? "; declare regions under \"regions\"" : ""));
    for (const auto& zone : found->zones) component.zones.push_back(zone.name);
  }
  const bool placed = !component.zones.empty();
  if (!placed && node.has("per_zone"))
    node.at("per_zone")
        .fail(
            "'per_zone' needs a placement: add \"zones\" or \"region\", or write \"count\" for "
            "unplaced instances");
  if (placed && node.has("count"))
    node.at("count").fail(
        "a placed component counts instances per zone: write \"per_zone\" instead of \"count\"");
  component.per_zone = read_count(node, "per_zone", 1, 1, 100000);
  component.count = read_count(node, "count", 1, 1, 100000);
}

// Beyond this a scenario takes gigabytes and minutes per trial: surely a slip, not a design.
constexpr std::int64_t MAX_INSTANCES = 1000000;

std::int64_t instance_count(const Component& component) {
  return component.zones.empty()
             ? component.count
             : std::int64_t{component.per_zone} * static_cast<std::int64_t>(component.zones.size());
}

// A demand: a constant or a daily profile of 24 hourly values (hour 0 starts each trial).
std::vector<double> read_demand(const JsonReader& demand) {
  auto read_value = [](const JsonReader& value) {
    const double number = value.as_number();
    if (!(number >= 0.0)) value.fail("a demand must be zero or positive");
    return number;
  };
  if (demand.is_number()) return {read_value(demand)};
  if (!demand.is_object()) demand.fail("write a number, or {\"profile\": [24 hourly values]}");
  demand.allow_only({"profile"});
  const JsonReader profile = demand.at("profile");
  if (profile.size() != 24)
    profile.fail("a daily profile needs 24 hourly values, found " + std::to_string(profile.size()));
  std::vector<double> hourly;
  for (std::size_t h = 0; h < 24; ++h) hourly.push_back(read_value(profile.at(h)));
  return hourly;
}

void read_capacity(const JsonReader& node, Component& component) {
  if (const auto capacity = node.find("capacity")) {
    component.capacity = capacity->as_number();
    if (!(component.capacity > 0.0))
      capacity->fail(
          "must be a positive number: what one instance can serve, e.g. 400 (requests/s)");
  }
  const auto demand = node.find("demand");
  if (!demand) return;
  if (component.capacity <= 0.0)
    demand->fail(
        "a demand needs the instances' \"capacity\" in the same units, e.g. \"capacity\": 400");
  component.demand = read_demand(*demand);
}

Component read_component(const JsonReader& node, const std::vector<Region>& regions,
                         const std::vector<Crew>& crews) {
  node.allow_only({"name", "description", "zones", "region", "per_zone", "count", "min_up", "mtbf",
                   "ttf", "mttr", "ttr", "requires", "crew", "capacity", "demand"});
  Component component;
  component.name = read_name(node, "db");
  component.description = read_optional_string(node, "description");
  read_placement(node, regions, component);
  const std::int64_t instances = instance_count(component);
  component.min_up = read_count(node, "min_up", 1, 1,
                                static_cast<int>(std::min<std::int64_t>(instances, MAX_INSTANCES)),
                                "the number of instances of '" + component.name + "'");
  component.process = read_process(node);
  if (const auto requires_ = node.find("requires")) component.requires_ = read_names(*requires_);
  read_capacity(node, component);
  if (const auto crew = node.find("crew")) {
    component.crew = crew->as_string();
    std::vector<std::string> names;
    for (const auto& c : crews) names.push_back(c.name);
    if (std::find(names.begin(), names.end(), component.crew) == names.end())
      crew->fail("unknown crew '" + component.crew + "'" + did_you_mean(component.crew, names) +
                 (names.empty() ? "; declare it under \"crews\": [{\"name\": \"" + component.crew +
                                      "\", \"size\": 1}]"
                                : ""));
  }
  return component;
}

Crew read_crew(const JsonReader& node) {
  node.allow_only({"name", "description", "size"});
  return Crew{read_name(node, "ops"), read_count(node, "size", 1, 1, 100000)};
}

}  // namespace

// A delay is a duration string (a constant) or a distribution object.
Distribution read_delay(const JsonReader& node) {
  if (node.is_string()) return Distribution::constant(node.as_duration());
  if (!node.is_object())
    node.fail(
        "expected a duration such as \"2m\" or a distribution such as {\"dist\": \"lognormal\", "
        "\"median\": \"90s\", \"p95\": \"4m\"}");
  return parse_distribution_checked(node);
}

namespace {

// Health checks fail at a random phase of the check interval: the first failing check comes
// U·interval later, then threshold − 1 more intervals, and the last check waits out its timeout.
Distribution read_detection(const JsonReader& node) {
  if (node.is_string() || node.has("dist")) return read_delay(node);
  node.allow_only({"interval", "timeout", "unhealthy_threshold"});
  const double interval = node.at("interval").as_positive_duration();
  const double timeout = node.find("timeout") ? node.at("timeout").as_duration() : 0.0;
  const int threshold = read_count(node, "unhealthy_threshold", 1, 1, 1000);
  const double base = (threshold - 1) * interval + timeout;
  if (!std::isfinite(base + interval))
    node.fail("detection would take longer than any simulation: write an interval such as \"10s\"");
  return Distribution::uniform(base, base + interval);
}

Replication read_replication(const JsonReader& node) {
  node.allow_only({"mode", "lag", "spikes"});
  const JsonReader mode_node = node.at("mode");
  const std::string mode = mode_node.as_string();
  Replication r;
  const std::vector<std::string> modes{"sync", "semi-sync", "async"};
  if (mode == "sync")
    r.mode = ReplicationMode::SYNC;
  else if (mode == "semi-sync")
    r.mode = ReplicationMode::SEMI_SYNC;
  else if (mode == "async")
    r.mode = ReplicationMode::ASYNC;
  else
    mode_node.fail("unknown replication mode '" + mode + "'" + did_you_mean(mode, modes) +
                   "; write \"sync\", \"semi-sync\" or \"async\"");
  if (r.mode != ReplicationMode::ASYNC) {
    if (node.has("lag") || node.has("spikes"))
      node.fail("'lag' and 'spikes' apply to \"async\" replication only");
    return r;
  }
  r.lag = read_delay(node.at("lag"));
  if (const auto spikes = node.find("spikes")) {
    spikes->allow_only({"every", "duration", "lag"});
    r.spike_rate_per_s = 1.0 / spikes->at("every").as_positive_duration();
    r.spike_duration = read_delay(spikes->at("duration"));
    r.spike_lag = read_delay(spikes->at("lag"));
    // Each promotion sums the lag of every spike under way: Poisson(rate × mean duration).
    const double under_way = r.spike_rate_per_s * r.spike_duration->mean();
    if (!(under_way <= MAX_SPIKES_UNDER_WAY))
      spikes->fail("spikes every " + format_duration(1.0 / r.spike_rate_per_s) + " lasting " +
                   format_duration(r.spike_duration->mean()) + " on average overlap " +
                   std::to_string(static_cast<long long>(std::fmin(under_way, 1e18))) +
                   " deep, more than " +
                   std::to_string(static_cast<long long>(MAX_SPIKES_UNDER_WAY)) +
                   " (docs/limits.md): describe the lag they add with a longer \"lag\" instead");
  }
  return r;
}

FailoverMember read_failover_member(const JsonReader& node) {
  node.allow_only({"name", "standby", "startup", "replication", "standby_capacity", "scale_up"});
  FailoverMember member;
  member.name = read_printable(node.at("name"));
  if (const auto kind = node.find("standby")) {
    const std::string text = kind->as_string();
    const std::vector<std::string> kinds{"hot", "warm", "cold"};
    if (text == "hot")
      member.kind = StandbyKind::HOT;
    else if (text == "warm")
      member.kind = StandbyKind::WARM;
    else if (text == "cold")
      member.kind = StandbyKind::COLD;
    else
      kind->fail("unknown standby kind '" + text + "'" + did_you_mean(text, kinds) +
                 "; write \"hot\", \"warm\" or \"cold\"");
  }
  if (const auto startup = node.find("startup")) {
    if (member.kind == StandbyKind::HOT)
      startup->fail(
          "a hot standby serves at once: remove 'startup', or make it \"standby\": \"warm\"");
    member.startup = read_delay(*startup);
  } else if (member.kind != StandbyKind::HOT) {
    node.fail("a warm or cold standby needs a \"startup\" time, e.g. \"startup\": \"5m\"");
  }
  if (const auto replication = node.find("replication"))
    member.replication = read_replication(*replication);
  if (const auto fraction = node.find("standby_capacity")) {
    member.standby_capacity = fraction->as_number();
    if (!(member.standby_capacity > 0.0 && member.standby_capacity <= 1.0))
      fraction->fail(
          "the fraction of its capacity a standby keeps while it stands by: above 0, at most 1, "
          "such as 0.25");
  }
  if (const auto scale_up = node.find("scale_up")) {
    if (member.standby_capacity >= 1.0)
      scale_up->fail(
          "a standby at full capacity has nothing to scale up: give it \"standby_capacity\" "
          "below 1, such as 0.25, or remove 'scale_up'");
    member.scale_up = read_delay(*scale_up);
  }
  return member;
}

void read_failback(const JsonReader& node, FailoverGroup& group) {
  if (node.is_string()) {
    const std::string text = node.as_string();
    if (text == "none")
      group.failback = FailbackPolicy::NONE;
    else if (text == "automatic")
      group.failback = FailbackPolicy::AUTOMATIC;
    else
      node.fail("unknown failback '" + text + "'" + did_you_mean(text, {"none", "automatic"}) +
                "; write \"none\", \"automatic\" or {\"every\": \"1d\", \"at\": \"3h\"} for a "
                "scheduled failback");
    return;
  }
  node.allow_only({"every", "at"});
  group.failback = FailbackPolicy::SCHEDULED;
  group.failback_every_s = node.at("every").as_positive_duration();
  group.failback_at_s = node.find("at") ? node.at("at").as_duration() : 0.0;
  if (group.failback_at_s >= group.failback_every_s)
    node.at("at").fail("must be shorter than 'every'");
}

FailoverGroup read_failover_group(const JsonReader& node) {
  node.allow_only({"name", "description", "members", "detection", "declare_after", "switchover",
                   "failover", "failure_probability", "manual", "failback", "failback_duration",
                   "on_sync_standby_loss", "writes_per_second", "requires", "demand"});
  FailoverGroup group;
  group.name = read_name(node, "database");
  group.description = read_optional_string(node, "description");
  const JsonReader members = node.at("members");
  if (members.size() < 2) members.fail("a failover group needs a primary and at least one standby");
  for (std::size_t i = 0; i < members.size(); ++i)
    group.members.push_back(read_failover_member(members.at(i)));
  group.detection = read_detection(node.at("detection"));
  if (const auto declare = node.find("declare_after"))
    group.declare_after_s = declare->as_duration();
  group.switchover = read_delay(node.at("switchover"));
  if (const auto mode = node.find("failover")) {
    const std::string text = mode->as_string();
    if (text != "automatic" && text != "manual")
      mode->fail("unknown failover mode '" + text + "'" +
                 did_you_mean(text, {"automatic", "manual"}) +
                 "; write \"automatic\" or \"manual\"");
    group.automatic = text == "automatic";
  }
  if (const auto p = node.find("failure_probability")) {
    group.automatic_failure_probability = p->as_number();
    if (!(group.automatic_failure_probability >= 0.0 && group.automatic_failure_probability <= 1.0))
      p->fail("must be a probability between 0 and 1, such as 0.05");
  }
  const bool needs_manual = !group.automatic || group.automatic_failure_probability > 0.0;
  if (const auto manual = node.find("manual")) {
    manual->allow_only({"response", "steps"});
    group.manual_response = read_delay(manual->at("response"));
    group.manual_steps = read_delay(manual->at("steps"));
  } else if (needs_manual) {
    node.fail(
        "manual failover needs a \"manual\": {\"response\": \"15m\", \"steps\": \"20m\"} (on-call "
        "response, then manual steps)");
  }
  if (const auto failback = node.find("failback")) read_failback(*failback, group);
  group.failback_duration =
      node.find("failback_duration") ? read_delay(node.at("failback_duration")) : group.switchover;
  if (const auto loss = node.find("on_sync_standby_loss")) {
    const std::string text = loss->as_string();
    if (text != "stop_writes" && text != "async")
      loss->fail(
          "write \"stop_writes\" (the primary refuses writes: an outage) or \"async\" (it goes on "
          "without a synchronous standby)");
    group.stop_writes_without_sync = text == "stop_writes";
    // Whichever member is primary needs another that acknowledges, or writes never resume.
    const auto acknowledging =
        std::count_if(group.members.begin(), group.members.end(), [](const FailoverMember& m) {
          return m.replication.mode == ReplicationMode::SYNC ||
                 m.replication.mode == ReplicationMode::SEMI_SYNC;
        });
    if (group.stop_writes_without_sync && acknowledging < 2)
      loss->fail(
          "\"stop_writes\" needs at least two members with \"sync\" or \"semi-sync\" replication "
          "(give the "
          "primary one too): after a failover the new primary needs a synchronous standby, or it "
          "would never "
          "accept writes again");
  }
  if (const auto rate = node.find("writes_per_second")) {
    group.writes_per_second = rate->as_number();
    if (group.writes_per_second < 0.0) rate->fail("must be zero or positive");
  }
  if (const auto requires_ = node.find("requires")) group.requires_ = read_names(*requires_);
  if (const auto demand = node.find("demand")) group.demand = read_demand(*demand);
  return group;
}

Group read_group(const JsonReader& node) {
  node.allow_only({"name", "description", "members", "min_up", "requires", "demand"});
  Group group;
  group.name = read_name(node, "backend");
  group.description = read_optional_string(node, "description");
  if (!node.has("members"))
    node.fail(
        "missing required key 'members': list the components or groups it combines, e.g. "
        "\"members\": [\"db\", \"cache\"]");
  const JsonReader members = node.at("members");
  group.members = read_names(members);
  if (group.members.empty())
    members.fail("a group needs at least one member: list component or group names, e.g. [\"db\"]");
  group.min_up = read_count(node, "min_up", 1, 1, static_cast<int>(group.members.size()),
                            "the number of members of '" + group.name + "'");
  if (const auto requires_ = node.find("requires")) group.requires_ = read_names(*requires_);
  if (const auto demand = node.find("demand")) group.demand = read_demand(*demand);
  return group;
}

// Names are global so that causes in reports and references in "requires" are unambiguous.
void check_unique_names(const JsonReader& root, const Scenario& scenario) {
  std::set<std::string> seen;
  auto check = [&](const std::string& name, const std::string& pointer) {
    if (!seen.insert(name).second)
      JsonReader(root.value().at(nlohmann::json::json_pointer(pointer)), root.file(),
                 nlohmann::json::json_pointer(pointer))
          .fail("the name '" + name +
                "' is used twice: regions, zones, components and groups need distinct names");
  };
  for (std::size_t r = 0; r < scenario.regions.size(); ++r) {
    check(scenario.regions[r].name, "/regions/" + std::to_string(r) + "/name");
    for (std::size_t z = 0; z < scenario.regions[r].zones.size(); ++z)
      check(scenario.regions[r].zones[z].name,
            "/regions/" + std::to_string(r) + "/zones/" + std::to_string(z) + "/name");
  }
  for (std::size_t c = 0; c < scenario.components.size(); ++c)
    check(scenario.components[c].name, "/components/" + std::to_string(c) + "/name");
  for (std::size_t g = 0; g < scenario.groups.size(); ++g)
    check(scenario.groups[g].name, "/groups/" + std::to_string(g) + "/name");
  for (std::size_t g = 0; g < scenario.failover_groups.size(); ++g)
    check(scenario.failover_groups[g].name, "/failover_groups/" + std::to_string(g) + "/name");
  for (std::size_t c = 0; c < scenario.crews.size(); ++c)
    check(scenario.crews[c].name, "/crews/" + std::to_string(c) + "/name");
}

// The JSON value at a target's pointer plus `key`, for errors found after its set was read.
JsonReader target_node(const JsonReader& root, const Target& target, const std::string& key) {
  const auto pointer = nlohmann::json::json_pointer(target.where + key);
  return JsonReader(root.value().at(pointer), root.file(), pointer);
}

// A dataset target judges the dataset's restores: rto, rpo and unrecoverable, not availability.
// A name both a dataset and an element would be ambiguous.
void resolve_dataset_target(const JsonReader& root, const Scenario& scenario, Target& target,
                            bool element) {
  const auto& datasets = scenario.data.datasets;
  for (std::size_t d = 0; d < datasets.size(); ++d)
    if (datasets[d].name == target.on) target.dataset = static_cast<std::int32_t>(d);
  if (target.dataset >= 0 && element)
    target_node(root, target, "/on")
        .fail("'" + target.on +
              "' names both a dataset and a component or group: rename the dataset, e.g. \"" +
              target.on + "-data\"");
  if (target.dataset >= 0 && target.kind == TargetKind::AVAILABILITY)
    target_node(root, target, "/availability")
        .fail("a dataset has no availability of its own: set it on '" +
              datasets[static_cast<std::size_t>(target.dataset)].on +
              "', the element the dataset lives on");
}

// A target's element must be a component, group, failover group or dataset (the service is
// checked by the topology); set names must be distinct, as reports show them side by side.
void read_all_targets(const JsonReader& root, Scenario& scenario) {
  if (const auto targets = root.find("targets"))
    scenario.target_sets.push_back(read_service_targets(*targets, scenario.service));
  if (const auto sets = root.find("target_sets"))
    for (std::size_t i = 0; i < sets->size(); ++i) {
      const JsonReader node = sets->at(i);
      TargetSet set = read_target_set(node, scenario.service);
      for (const auto& other : scenario.target_sets)
        if (other.name == set.name)
          node.at("name").fail("the target set name '" + set.name +
                               "' is used twice: give each set (tier) its own name");
      scenario.target_sets.push_back(std::move(set));
    }
  std::vector<std::string> elements;
  for (const auto& c : scenario.components) elements.push_back(c.name);
  for (const auto& g : scenario.groups) elements.push_back(g.name);
  for (const auto& g : scenario.failover_groups) elements.push_back(g.name);
  std::vector<std::string> known = elements;
  for (const auto& d : scenario.data.datasets) known.push_back(d.name);
  for (auto& set : scenario.target_sets)
    for (auto& target : set.targets) {
      const bool element = std::find(elements.begin(), elements.end(), target.on) != elements.end();
      const auto pointer = nlohmann::json::json_pointer(target.where + "/on");
      // Without "on", on the service: the topology checks it, and it is never a dataset.
      const bool on_service = !root.value().contains(pointer);
      if (!on_service) resolve_dataset_target(root, scenario, target, element);
      if (target.dataset < 0 && target.kind == TargetKind::UNRECOVERABLE)
        target_node(root, target, "/unrecoverable")
            .fail("'" + target.on +
                  "' is no dataset: \"unrecoverable\" is the probability of losing a dataset's "
                  "data for good; put it in a target whose \"on\" names a dataset" +
                  did_you_mean(target.on, known));
      if (on_service) continue;
      if (element || target.dataset >= 0) continue;
      target_node(root, target, "/on")
          .fail("unknown element '" + target.on + "'" + did_you_mean(target.on, known) +
                ": a target is on a component, group, failover group or dataset");
    }
}

}  // namespace

Scenario parse_scenario(const std::string& text, const std::string& file) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    throw ScenarioError(file, "",
                        "the file is empty: write a scenario object such as {\"name\": \"shop\", "
                        "\"service\": \"db\", \"components\": [{\"name\": \"db\", \"mtbf\": "
                        "\"2000h\", \"mttr\": \"30m\"}]} (docs/scenario-format.md)");
  const nlohmann::json document = parse_json_document(text, file);
  const JsonReader root(document, file);
  root.allow_only({"name", "description", "settings", "targets", "target_sets", "service",
                   "regions", "components", "groups", "failover_groups", "crews", "locations",
                   "datasets", "backups", "$schema"});

  Scenario scenario;
  scenario.file = file;
  if (!root.has("name"))
    root.fail("missing required key 'name': name the scenario, e.g. \"name\": \"checkout\"");
  scenario.name = read_printable(root.at("name"));
  scenario.description = read_optional_string(root, "description");
  if (const auto settings = root.find("settings")) scenario.settings = read_settings(*settings);
  if (const auto regions = root.find("regions"))
    for (std::size_t i = 0; i < regions->size(); ++i)
      scenario.regions.push_back(read_region(regions->at(i)));
  if (!root.has("components"))
    root.fail(
        "missing required key 'components': add \"components\": [{\"name\": \"db\", \"mtbf\": "
        "\"2000h\", \"mttr\": \"30m\"}]");
  if (const auto crews = root.find("crews"))
    for (std::size_t i = 0; i < crews->size(); ++i)
      scenario.crews.push_back(read_crew(crews->at(i)));
  const JsonReader components = root.at("components");
  if (components.size() == 0)
    components.fail(
        "a scenario needs at least one component, e.g. {\"name\": \"db\", \"mtbf\": "
        "\"2000h\", \"mttr\": \"30m\"}");
  std::int64_t instances = 0;
  for (std::size_t i = 0; i < components.size(); ++i) {
    const JsonReader node = components.at(i);
    scenario.components.push_back(read_component(node, scenario.regions, scenario.crews));
    instances += instance_count(scenario.components.back());
    if (instances > MAX_INSTANCES) {
      const char* key = node.has("per_zone") ? "per_zone" : node.has("count") ? "count" : nullptr;
      (key ? node.at(key) : node)
          .fail("this brings the scenario to " + std::to_string(instances) +
                " instances, more than the " + std::to_string(MAX_INSTANCES) +
                " resim simulates: lower \"per_zone\" or \"count\" here or in "
                "the components before");
    }
  }
  if (const auto groups = root.find("groups"))
    for (std::size_t i = 0; i < groups->size(); ++i)
      scenario.groups.push_back(read_group(groups->at(i)));
  if (const auto groups = root.find("failover_groups"))
    for (std::size_t i = 0; i < groups->size(); ++i)
      scenario.failover_groups.push_back(read_failover_group(groups->at(i)));
  scenario.data = read_data_section(root, scenario.regions);
  check_unique_names(root, scenario);
  if (!root.has("service")) {
    root.fail(
        "missing required key 'service': name the component or group whose availability is the "
        "system's, e.g. \"service\": \"" +
        scenario.components.front().name + "\"");
  }
  scenario.service = read_printable(root.at("service"));
  read_all_targets(root, scenario);
  return scenario;
}

Scenario load_scenario(const std::string& path) {
  std::error_code ignored;
  if (std::filesystem::is_directory(path, ignored))
    throw ScenarioError(
        path, "",
        "is a directory, not a scenario file: give a .json file, e.g. " + path + "/my.json");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScenarioError(path, "", "cannot open the file: check the path and permissions");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_scenario(text.str(), path);
}

}  // namespace resim
