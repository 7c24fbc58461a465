// The data section of a scenario: datasets, where their backups are kept (off-site locations),
// and the backup schedules. Kept apart from the platform (regions, components, groups) so that
// a design review can swap schedules without touching the topology. docs/scenario-format.md
// ("Data and backups") documents every field.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/distribution.h"

namespace resim {

class JsonReader;
struct Region;

// A named place outside the modelled regions where copies are kept (a vault, another cloud).
// It can be unreachable for a while (outage) and can lose everything stored there (loss).
struct StorageLocation {
  std::string name;
  std::optional<Distribution> outage_ttf;
  std::optional<Distribution> outage_ttr;
  std::optional<Distribution> loss_ttf;  // time between losses of all it holds
};

// What can make a dataset need a restore while every replica is still running: bad writes
// replicate at once to every replica, synchronous or not, so failover does not help.
enum class ThreatKind : std::uint8_t { CORRUPTION, RANSOMWARE, OPERATOR_ERROR };

struct Threat {
  ThreatKind kind = ThreatKind::CORRUPTION;
  Distribution ttf = Distribution::exponential(1.0);  // from the end of the last restore
  Distribution detection = Distribution::constant(0.0);
};

struct RestoreSpec {
  Distribution overhead = Distribution::constant(0.0);  // provisioning, checks, cut-over
  double throughput_bytes_per_s = 0.0;                  // 0: size plays no part
  Distribution per_step = Distribution::constant(0.0);  // each incremental applied
  double replay_speed = 0.0;  // seconds of archived writes replayed per second; 0: instant
  double failure_probability = 0.0;
};

struct Dataset {
  std::string name;
  std::string description;
  std::string on;  // a component or failover group: the replicas are its instances
  double size_bytes = 0.0;
  double growth_per_year = 0.0;  // fraction: 0.4 = 40 % larger each year
  double writes_per_second = 0.0;
  double storage_loss_probability = 0.0;   // an instance failure loses its local copy
  bool read_only_while_restoring = false;  // after corruption: serve reads, refuse writes
  std::vector<Threat> threats;
  RestoreSpec restore;
  // Targets per dataset: met when the share of restores within the limit reaches the quantile.
  std::optional<double> rto_s;
  double rto_quantile = 0.99;
  std::optional<double> rpo_s;
  double rpo_quantile = 0.99;
  std::optional<double> unrecoverable_per_year;  // at most this probability per year
};

enum class BackupKind : std::uint8_t { FULL, INCREMENTAL, DIFFERENTIAL, SNAPSHOT, ARCHIVE };

// Job k starts at offset + k·period, for every integer k: the schedule has been running long
// before the simulation starts, so the first hours of a trial have backups like any other.
struct Schedule {
  double period_s = 0.0;
  double offset_s = 0.0;  // trial time 0 is a Monday, 00:00
};

struct BackupCopy {
  std::string place;                                 // a zone, region or location
  Distribution delay = Distribution::constant(0.0);  // after the job ends (archive: behind it)
};

struct BackupPolicy {
  std::string name;
  std::string dataset;
  BackupKind kind = BackupKind::FULL;
  Schedule schedule;                                    // all but archives
  Distribution duration = Distribution::constant(0.0);  // recovery point at start, usable at end
  double failure_probability = 0.0;
  std::string base;  // incremental and differential: the full policy they build on
  std::optional<double> keep_age_s;
  std::optional<std::int64_t> keep_count;
  std::vector<BackupCopy> copies;      // copies[0]: where the job writes (delay 0)
  std::optional<Distribution> lag;     // archive: how far shipping is behind at a random instant
  std::optional<RestoreSpec> restore;  // overrides the dataset's (snapshots restore faster)
};

// Restores merge the policies' recovery points with one cursor each, on the stack.
inline constexpr std::size_t MAX_POLICIES_PER_DATASET = 16;

struct DataSection {
  std::vector<StorageLocation> locations;
  std::vector<Dataset> datasets;
  std::vector<BackupPolicy> backups;
};

// Reads "locations", "datasets" and "backups" of the scenario root; places are checked
// against the regions and zones. Throws ScenarioError naming file, pointer and fix.
DataSection read_data_section(const JsonReader& root, const std::vector<Region>& regions);

const char* to_string(ThreatKind kind);
const char* to_string(BackupKind kind);

// "500GB", "2TB", "750MB" → bytes (powers of 1000); nullopt for anything else.
std::optional<double> parse_size(std::string_view text);
// "200GB/h", "80MB/s" → bytes per second; nullopt for anything else.
std::optional<double> parse_rate(std::string_view text);
// "every 4h", "daily at 02:00", "weekly on sunday at 03:00"; nullopt for anything else.
std::optional<Schedule> parse_schedule(std::string_view text);

}  // namespace resim
