#include "models/dataset.h"

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <set>

#include "models/duration.h"
#include "models/json_reader.h"
#include "models/scenario.h"
#include "models/scenario_error.h"

namespace resim {

namespace {

constexpr double SECONDS_PER_DAY = 24.0 * SECONDS_PER_HOUR;

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return text;
}

bool take_prefix(std::string_view& text, std::string_view prefix) {
  if (text.substr(0, prefix.size()) != prefix) return false;
  text.remove_prefix(prefix.size());
  text = trim(text);
  return true;
}

// "02:00" → 7200 s.
std::optional<double> parse_time_of_day(std::string_view text) {
  text = trim(text);
  const auto colon = text.find(':');
  if (colon == std::string_view::npos || text.size() - colon != 3) return std::nullopt;
  int hours = -1, minutes = -1;
  const auto h = std::from_chars(text.data(), text.data() + colon, hours);
  const auto m = std::from_chars(text.data() + colon + 1, text.data() + text.size(), minutes);
  if (h.ec != std::errc() || h.ptr != text.data() + colon || m.ec != std::errc() ||
      m.ptr != text.data() + text.size() || hours < 0 || hours > 23 || minutes < 0 || minutes > 59)
    return std::nullopt;
  return hours * SECONDS_PER_HOUR + minutes * 60.0;
}

// A number followed by a unit from `units` (name, factor); nullopt otherwise.
template <std::size_t N>
std::optional<double> parse_with_unit(
    std::string_view text, const std::array<std::pair<std::string_view, double>, N>& units) {
  text = trim(text);
  double number = 0.0;
  const auto result = std::from_chars(text.data(), text.data() + text.size(), number);
  if (result.ec != std::errc() || !(number >= 0.0) || !std::isfinite(number)) return std::nullopt;
  const std::string unit =
      lower(trim(std::string_view(result.ptr, text.data() + text.size() - result.ptr)));
  for (const auto& [name, factor] : units)
    if (unit == name) return number * factor;
  return std::nullopt;
}

constexpr std::array<std::pair<std::string_view, double>, 5> SIZE_UNITS{
    {{"b", 1.0}, {"mb", 1e6}, {"gb", 1e9}, {"tb", 1e12}, {"pb", 1e15}}};

double read_probability(const JsonReader& node, std::string_view key, bool allow_one) {
  const auto p = node.find(key);
  if (!p) return 0.0;
  const double value = p->as_number();
  if (!(value >= 0.0 && (allow_one ? value <= 1.0 : value < 1.0)))
    p->fail(std::string("must be a probability from 0 ") +
            (allow_one ? "to 1" : "up to, not including, 1") + ", such as 0.02");
  return value;
}

double read_non_negative(const JsonReader& node, std::string_view key, std::string_view example) {
  const auto value = node.find(key);
  if (!value) return 0.0;
  const double number = value->as_number();
  if (!(number >= 0.0) || !std::isfinite(number))
    value->fail("must be zero or a positive number, such as " + std::string(example));
  return number;
}

std::vector<std::string> place_names(const std::vector<Region>& regions,
                                     const std::vector<StorageLocation>& locations) {
  std::vector<std::string> names;
  for (const auto& region : regions) {
    names.push_back(region.name);
    for (const auto& zone : region.zones) names.push_back(zone.name);
  }
  for (const auto& location : locations) names.push_back(location.name);
  return names;
}

std::string read_place(const JsonReader& node, const std::vector<std::string>& places) {
  const std::string name = node.as_string();
  if (std::find(places.begin(), places.end(), name) == places.end())
    node.fail("unknown place '" + name + "'" + did_you_mean(name, places) +
              ": backups are stored in a region, a zone or one of the \"locations\", e.g. "
              "\"locations\": [{\"name\": \"" +
              name + "\"}]");
  return name;
}

StorageLocation read_location(const JsonReader& node) {
  node.allow_only({"name", "description", "mtbf", "ttf", "mttr", "ttr", "loss"});
  StorageLocation location;
  location.name = node.at("name").as_string();
  if (location.name.empty()) node.at("name").fail("a name must not be empty, e.g. \"vault\"");
  if (const auto outage = read_optional_process(node, "location")) {
    location.outage_ttf = outage->ttf;
    location.outage_ttr = outage->ttr;
  }
  if (const auto loss = node.find("loss")) {
    loss->allow_only({"mtbf", "ttf"});
    location.loss_ttf = read_time(*loss, "mtbf", "ttf");
    if (!location.loss_ttf)
      loss->fail("give the time between losses: \"loss\": {\"mtbf\": \"100y\"}");
  }
  return location;
}

Threat read_threat(const JsonReader& node) {
  node.allow_only({"kind", "mtbf", "ttf", "detection"});
  Threat threat;
  const JsonReader kind = node.at("kind");
  const std::string text = kind.as_string();
  if (text == "corruption")
    threat.kind = ThreatKind::CORRUPTION;
  else if (text == "ransomware")
    threat.kind = ThreatKind::RANSOMWARE;
  else if (text == "operator_error")
    threat.kind = ThreatKind::OPERATOR_ERROR;
  else
    kind.fail("unknown threat '" + text + "'" +
              did_you_mean(text, {"corruption", "ransomware", "operator_error"}) +
              "; write \"corruption\", \"ransomware\" or \"operator_error\"");
  auto ttf = read_time(node, "mtbf", "ttf");
  if (!ttf) node.fail("how often does it happen? add \"mtbf\": \"5y\" or a \"ttf\" distribution");
  threat.ttf = std::move(*ttf);
  if (const auto detection = node.find("detection")) threat.detection = read_delay(*detection);
  return threat;
}

RestoreSpec read_restore(const JsonReader& node) {
  node.allow_only(
      {"overhead", "throughput", "per_incremental", "replay_speed", "failure_probability"});
  RestoreSpec spec;
  if (const auto overhead = node.find("overhead")) spec.overhead = read_delay(*overhead);
  if (const auto throughput = node.find("throughput")) {
    const auto rate = parse_rate(throughput->as_string());
    if (!rate || !(*rate > 0.0))
      throughput->fail("expected a positive rate such as \"500GB/h\" or \"120MB/s\"");
    spec.throughput_bytes_per_s = *rate;
  }
  if (const auto step = node.find("per_incremental")) spec.per_step = read_delay(*step);
  spec.replay_speed = read_non_negative(node, "replay_speed", "20 (archived seconds per second)");
  spec.failure_probability = read_probability(node, "failure_probability", false);
  return spec;
}

void read_dataset_targets(const JsonReader& node, Dataset& dataset) {
  node.allow_only({"rto", "rto_quantile", "rpo", "rpo_quantile", "unrecoverable_per_year"});
  if (const auto rto = node.find("rto")) dataset.rto_s = rto->as_positive_duration();
  if (const auto q = node.find("rto_quantile")) dataset.rto_quantile = q->as_fraction();
  if (const auto rpo = node.find("rpo")) dataset.rpo_s = rpo->as_duration();
  if (const auto q = node.find("rpo_quantile")) dataset.rpo_quantile = q->as_fraction();
  if (const auto u = node.find("unrecoverable_per_year"))
    dataset.unrecoverable_per_year = u->as_fraction();
}

Dataset read_dataset(const JsonReader& node) {
  node.allow_only({"name", "description", "on", "size", "growth_per_year", "writes_per_second",
                   "storage_loss_probability", "on_corruption", "threats", "restore", "targets"});
  Dataset dataset;
  dataset.name = node.at("name").as_string();
  if (dataset.name.empty()) node.at("name").fail("a name must not be empty, e.g. \"orders\"");
  if (const auto description = node.find("description"))
    dataset.description = description->as_string();
  if (!node.has("on"))
    node.fail(
        "missing required key 'on': the component or failover group whose instances hold "
        "the data, e.g. \"on\": \"db\"");
  dataset.on = node.at("on").as_string();
  if (const auto size = node.find("size")) {
    const auto bytes = parse_size(size->as_string());
    if (!bytes)
      size->fail("expected a size such as \"500GB\" or \"2TB\" (units B, MB, GB, TB, PB)");
    dataset.size_bytes = *bytes;
  }
  dataset.growth_per_year = read_non_negative(node, "growth_per_year", "0.3 (30 % a year)");
  dataset.writes_per_second = read_non_negative(node, "writes_per_second", "200");
  dataset.storage_loss_probability = read_probability(node, "storage_loss_probability", true);
  if (const auto mode = node.find("on_corruption")) {
    const std::string text = mode->as_string();
    if (text != "down" && text != "read_only")
      mode->fail(
          "write \"down\" (the dataset is unavailable until restored) or \"read_only\" "
          "(reads go on, writes wait for the restore)");
    dataset.read_only_while_restoring = text == "read_only";
  }
  if (const auto threats = node.find("threats"))
    for (std::size_t i = 0; i < threats->size(); ++i)
      dataset.threats.push_back(read_threat(threats->at(i)));
  if (const auto restore = node.find("restore")) dataset.restore = read_restore(*restore);
  if (const auto targets = node.find("targets")) read_dataset_targets(*targets, dataset);
  return dataset;
}

BackupKind read_kind(const JsonReader& node) {
  const std::string text = node.as_string();
  const std::vector<std::string> kinds{"full", "incremental", "differential", "snapshot",
                                       "archive"};
  for (std::size_t k = 0; k < kinds.size(); ++k)
    if (text == kinds[k]) return static_cast<BackupKind>(k);
  node.fail("unknown backup type '" + text + "'" + did_you_mean(text, kinds) +
            "; write \"full\", \"incremental\", \"differential\", \"snapshot\" or \"archive\" "
            "(continuous WAL or binlog shipping)");
}

void read_keep(const JsonReader& node, BackupPolicy& policy) {
  node.allow_only({"age", "count"});
  if (const auto age = node.find("age")) policy.keep_age_s = age->as_positive_duration();
  if (const auto count = node.find("count")) {
    policy.keep_count = count->as_integer();
    if (*policy.keep_count < 1 || *policy.keep_count > 1000000)
      count->fail("must be between 1 and 1000000");
  }
  if (!policy.keep_age_s && !policy.keep_count)
    node.fail("give \"age\" (e.g. \"30d\") or \"count\" (e.g. 7), or both");
}

BackupPolicy read_policy(const JsonReader& node, const std::vector<std::string>& places) {
  node.allow_only({"name", "description", "dataset", "type", "schedule", "duration",
                   "failure_probability", "base", "keep", "stored_in", "copies", "lag", "restore"});
  BackupPolicy policy;
  policy.name = node.at("name").as_string();
  if (policy.name.empty()) node.at("name").fail("a name must not be empty, e.g. \"nightly\"");
  policy.dataset = node.at("dataset").as_string();
  policy.kind = read_kind(node.at("type"));
  const bool archive = policy.kind == BackupKind::ARCHIVE;
  if (archive) {
    for (const char* key : {"schedule", "duration", "failure_probability", "base"})
      if (node.has(key))
        node.at(key).fail(std::string("an archive ships continuously: remove '") + key +
                          "' (give its \"lag\" instead)");
    if (!node.has("lag"))
      node.fail("an archive needs its shipping \"lag\", e.g. \"lag\": \"30s\" or a distribution");
    policy.lag = read_delay(node.at("lag"));
  } else {
    if (node.has("lag")) node.at("lag").fail("'lag' applies to \"type\": \"archive\" only");
    if (!node.has("schedule"))
      node.fail(
          "missing required key 'schedule': write e.g. \"every 4h\", \"daily at 02:00\" or "
          "\"weekly on sunday at 03:00\"");
    const JsonReader schedule = node.at("schedule");
    const auto parsed = parse_schedule(schedule.as_string());
    if (!parsed)
      schedule.fail("expected \"every 4h\", \"daily at 02:00\" or \"weekly on sunday at 03:00\"");
    policy.schedule = *parsed;
    if (const auto duration = node.find("duration")) policy.duration = read_delay(*duration);
    policy.failure_probability = read_probability(node, "failure_probability", false);
  }
  const bool chained =
      policy.kind == BackupKind::INCREMENTAL || policy.kind == BackupKind::DIFFERENTIAL;
  if (chained && !node.has("base"))
    node.fail(
        "an incremental or differential backup builds on a full one: add \"base\": the "
        "name of the full backup policy of this dataset");
  if (!chained && !archive && node.has("base"))
    node.at("base").fail("only incremental and differential backups have a base");
  if (chained) policy.base = node.at("base").as_string();
  if (!node.has("keep"))
    node.fail(
        "missing required key 'keep': the retention, e.g. \"keep\": {\"age\": \"30d\"} or "
        "{\"count\": 7}");
  read_keep(node.at("keep"), policy);
  if (archive && !policy.keep_age_s)
    node.at("keep").fail("an archive is kept by age: write \"keep\": {\"age\": \"7d\"}");
  if (!node.has("stored_in"))
    node.fail("missing required key 'stored_in': the region, zone or location the job writes to");
  policy.copies.push_back(
      BackupCopy{read_place(node.at("stored_in"), places), Distribution::constant(0.0)});
  if (const auto copies = node.find("copies")) {
    for (std::size_t i = 0; i < copies->size(); ++i) {
      const JsonReader copy = copies->at(i);
      copy.allow_only({"to", "delay"});
      BackupCopy c{read_place(copy.at("to"), places), Distribution::constant(0.0)};
      if (const auto delay = copy.find("delay")) c.delay = read_delay(*delay);
      policy.copies.push_back(std::move(c));
    }
  }
  if (const auto restore = node.find("restore")) policy.restore = read_restore(*restore);
  return policy;
}

// Cross-references inside the data section, once every part is read.
void check_references(const JsonReader& root, const DataSection& data) {
  std::vector<std::string> datasets;
  for (const auto& d : data.datasets) datasets.push_back(d.name);
  std::set<std::string> seen_datasets, seen_policies;
  for (std::size_t i = 0; i < data.datasets.size(); ++i)
    if (!seen_datasets.insert(data.datasets[i].name).second)
      root.at("datasets")
          .at(i)
          .at("name")
          .fail("the dataset '" + data.datasets[i].name + "' is declared twice");
  const JsonReader backups_node = root.find("backups") ? root.at("backups") : root;
  std::vector<int> archives(data.datasets.size(), 0), bases(data.datasets.size(), 0),
      policies(data.datasets.size(), 0);
  for (std::size_t i = 0; i < data.backups.size(); ++i) {
    const BackupPolicy& policy = data.backups[i];
    const JsonReader node = backups_node.at(i);
    const auto dataset = std::find(datasets.begin(), datasets.end(), policy.dataset);
    if (dataset == datasets.end())
      node.at("dataset").fail("unknown dataset '" + policy.dataset + "'" +
                              did_you_mean(policy.dataset, datasets) +
                              (datasets.empty() ? "; declare it under \"datasets\"" : ""));
    const auto d = static_cast<std::size_t>(dataset - datasets.begin());
    if (!seen_policies.insert(policy.dataset + "/" + policy.name).second)
      node.at("name").fail("dataset '" + policy.dataset + "' already has a backup named '" +
                           policy.name + "'");
    if (policy.kind == BackupKind::ARCHIVE && ++archives[d] > 1)
      node.at("type").fail("dataset '" + policy.dataset +
                           "' already has an archive: one archive per dataset");
    if (policy.kind == BackupKind::FULL || policy.kind == BackupKind::SNAPSHOT) ++bases[d];
    if (policy.kind != BackupKind::ARCHIVE &&
        ++policies[d] > static_cast<int>(MAX_POLICIES_PER_DATASET))
      node.fail("dataset '" + policy.dataset + "' has more than " +
                std::to_string(MAX_POLICIES_PER_DATASET) + " backup policies: merge some");
    if (policy.base.empty()) continue;
    const auto base =
        std::find_if(data.backups.begin(), data.backups.end(), [&](const BackupPolicy& b) {
          return b.dataset == policy.dataset && b.name == policy.base;
        });
    if (base == data.backups.end() || base->kind != BackupKind::FULL)
      node.at("base").fail("'" + policy.base + "' is not a full backup of dataset '" +
                           policy.dataset + "': name one of its policies with \"type\": \"full\"");
  }
  for (std::size_t i = 0; i < data.backups.size(); ++i)
    if (data.backups[i].kind == BackupKind::ARCHIVE) {
      const auto d = static_cast<std::size_t>(
          std::find(datasets.begin(), datasets.end(), data.backups[i].dataset) - datasets.begin());
      if (bases[d] == 0)
        backups_node.at(i).fail(
            "point-in-time recovery replays the archive onto a base backup: add a "
            "\"full\" or \"snapshot\" backup of dataset '" +
            data.backups[i].dataset + "'");
    }
}

}  // namespace

const char* to_string(ThreatKind kind) {
  switch (kind) {
    case ThreatKind::CORRUPTION:
      return "corruption";
    case ThreatKind::RANSOMWARE:
      return "ransomware";
    case ThreatKind::OPERATOR_ERROR:
      return "operator_error";
  }
  return "corruption";
}

const char* to_string(BackupKind kind) {
  switch (kind) {
    case BackupKind::FULL:
      return "full";
    case BackupKind::INCREMENTAL:
      return "incremental";
    case BackupKind::DIFFERENTIAL:
      return "differential";
    case BackupKind::SNAPSHOT:
      return "snapshot";
    case BackupKind::ARCHIVE:
      return "archive";
  }
  return "full";
}

std::optional<double> parse_size(std::string_view text) {
  return parse_with_unit(text, SIZE_UNITS);
}

std::optional<double> parse_rate(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const auto size = parse_size(text.substr(0, slash));
  const std::string per = lower(trim(text.substr(slash + 1)));
  const double seconds = per == "s"                   ? 1.0
                         : per == "m" || per == "min" ? 60.0
                         : per == "h"                 ? SECONDS_PER_HOUR
                                                      : 0.0;
  if (!size || seconds == 0.0) return std::nullopt;
  return *size / seconds;
}

std::optional<Schedule> parse_schedule(std::string_view raw) {
  const std::string text = lower(trim(raw));
  std::string_view rest = text;
  if (take_prefix(rest, "every")) {
    const auto period = parse_duration(rest);
    if (!period || !(*period > 0.0)) return std::nullopt;
    return Schedule{*period, 0.0};
  }
  if (take_prefix(rest, "daily")) {
    if (!take_prefix(rest, "at")) return std::nullopt;
    const auto at = parse_time_of_day(rest);
    if (!at) return std::nullopt;
    return Schedule{SECONDS_PER_DAY, *at};
  }
  if (take_prefix(rest, "weekly")) {
    if (!take_prefix(rest, "on")) return std::nullopt;
    static constexpr std::array<std::string_view, 7> DAYS{
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
    for (std::size_t day = 0; day < DAYS.size(); ++day) {
      std::string_view after = rest;
      if (!take_prefix(after, DAYS[day]) || !take_prefix(after, "at")) continue;
      const auto at = parse_time_of_day(after);
      if (!at) return std::nullopt;
      return Schedule{7.0 * SECONDS_PER_DAY, static_cast<double>(day) * SECONDS_PER_DAY + *at};
    }
  }
  return std::nullopt;
}

DataSection read_data_section(const JsonReader& root, const std::vector<Region>& regions) {
  DataSection data;
  if (const auto locations = root.find("locations"))
    for (std::size_t i = 0; i < locations->size(); ++i) {
      data.locations.push_back(read_location(locations->at(i)));
      std::vector<std::string> known = place_names(regions, {});
      for (std::size_t j = 0; j + 1 < data.locations.size(); ++j)
        known.push_back(data.locations[j].name);
      if (std::find(known.begin(), known.end(), data.locations.back().name) != known.end())
        locations->at(i).at("name").fail("the name '" + data.locations.back().name +
                                         "' is taken by a region, zone or location: name it apart");
    }
  if (const auto datasets = root.find("datasets"))
    for (std::size_t i = 0; i < datasets->size(); ++i)
      data.datasets.push_back(read_dataset(datasets->at(i)));
  const std::vector<std::string> places = place_names(regions, data.locations);
  if (const auto backups = root.find("backups"))
    for (std::size_t i = 0; i < backups->size(); ++i)
      data.backups.push_back(read_policy(backups->at(i), places));
  check_references(root, data);
  return data;
}

}  // namespace resim
