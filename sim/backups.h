// Datasets, their backups and restores: the controller beside the failover controller.
//
// Backups cost nothing in the event loop. Job k of a policy starts at offset + k·period; whether
// it failed, how long it ran and when its copies arrived are drawn from streams keyed by
// (seed, trial, dataset/policy, k, purpose), so the recovery points available at a moment of need
// follow from schedule arithmetic, looking back only as far as retention keeps them. The event
// loop sees only what needs a restore (threats striking and being detected, every replica lost)
// and the end of each restore.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "models/topology.h"
#include "sim/event_queue.h"
#include "sim/random.h"

namespace resim {

// What made a dataset need a restore.
enum class DataIncidentKind : std::uint8_t {
  REPLICA_LOSS,  // every replica lost its storage (instance failures)
  DESTRUCTION,   // ... with a destroyed zone or region among the causes
  CORRUPTION,    // the threats of models/dataset.h, in their order
  RANSOMWARE,
  OPERATOR_ERROR,
};
inline constexpr std::size_t DATA_INCIDENT_KINDS = 5;
const char* to_string(DataIncidentKind kind);

struct RestoreRecord {
  std::int32_t dataset;
  DataIncidentKind kind;
  bool recovered;      // false: no usable recovery point, or every restore failed
  bool point_in_time;  // recovered by replaying the archive onto a base backup
  std::int32_t failed_attempts;
  double time_s;      // the need: when the loss happened or the corruption was detected
  double rto_s;       // from the need (loss, or detection of corruption) to the data restored
  double rpo_s;       // writes discarded: from the recovery point to the loss or the detection
  double exposure_s;  // corruption: from the bad write to its detection; 0 otherwise
  std::int32_t policy = -1;     // the backup policy restored from (Scenario data.backups index)
  double recovery_point = 0.0;  // the moment the data was restored to
};

class BackupController {
 public:
  BackupController(const Topology& topology, std::uint64_t seed);

  bool active() const { return !datasets_.empty(); }
  // Events this controller can have queued at once: one per threat and one per dataset.
  std::size_t event_capacity() const { return threats_.size() + datasets_.size(); }

  void initialize_trial(std::uint64_t trial, EventQueue& queue);
  // Process `process` (a region, zone or instance) fails now; states are not changed yet.
  void before_failure(std::uint32_t process, double now, const std::vector<std::uint8_t>& up,
                      EventQueue& queue);
  // Process `process` failed and is expected back at `back` (regions and zones: when copies
  // stored there can be read again).
  void repair_expected(std::uint32_t process, double back);
  // A THREAT, THREAT_DETECTED or RESTORED event.
  void handle(const Event& event, const std::vector<std::uint8_t>& up, EventQueue& queue);

  // Datasets whose hold (down while restoring) changed since clear_changed(); the simulation
  // applies them to the dataset's vertex.
  const std::vector<std::uint32_t>& changed() const { return changed_; }
  void clear_changed() { changed_.clear(); }
  bool held(std::uint32_t d) const { return state_[d].held; }
  std::uint32_t vertex(std::uint32_t d) const { return datasets_[d].vertex; }
  std::int32_t cause(std::uint32_t d) const { return datasets_[d].cause; }

  // This trial's incidents, in time order, and whether any was unrecoverable, per dataset.
  const std::vector<RestoreRecord>& records() const { return records_; }

  // What dataset d is going through, for traces (sim/trace.h): EXPOSED from a bad write until
  // it is noticed, RESTORING until the data is back; the threat being handled (-1: none, or
  // every replica lost); threat t's dataset; and the queue slot of dataset d's RESTORED event.
  enum class Phase : std::uint8_t { IDLE, EXPOSED, RESTORING };
  Phase phase(std::uint32_t d) const { return state_[d].phase; }
  std::int32_t threat(std::uint32_t d) const { return state_[d].threat; }
  std::uint32_t threat_dataset(std::uint32_t t) const { return threats_[t].dataset; }
  std::uint32_t threat_count() const { return static_cast<std::uint32_t>(threats_.size()); }

 private:
  static constexpr double NEVER = -std::numeric_limits<double>::infinity();

  struct Replica {
    std::uint32_t vertex;
    std::int32_t zone_place;    // -1: unplaced
    std::int32_t region_place;  // -1: unplaced
  };
  struct Place {
    std::int32_t vertex;    // a region or zone; -1 for a location
    std::int32_t location;  // index into the scenario's locations; -1 for a region or zone
  };
  struct Policy {
    const BackupPolicy* config;
    std::uint64_t key;
    std::int32_t base;  // policy index of an incremental's or differential's full, else -1
    std::vector<std::int32_t> copy_places;
    const RestoreSpec* restore;
  };
  struct Dataset {
    const resim::Dataset* config;
    std::uint32_t vertex;
    std::int32_t cause;
    std::uint32_t first_replica, replica_count;
    std::vector<std::int32_t> policies;  // backups other than the archive
    std::int32_t archive;                // policy index, -1 without
  };
  struct ThreatRef {
    std::uint32_t dataset;
    const Threat* config;
    std::uint64_t key;
  };
  struct State {
    Phase phase = Phase::IDLE;
    bool held = false;
    bool unrecoverable = false;  // this trial
    std::int32_t threat = -1;    // the threat being handled
    double corrupted_at = 0.0;
    bool loss_incident = false;  // the restore in progress is after losing every replica
  };
  struct Job {
    double start;
    double end;
    bool ok;
  };
  // Retention at the moment of need: jobs are scanned from the newest down, counting successes,
  // until age or count retention ends; jobs at or below `boundary` are gone.
  struct Scan {
    std::int64_t top;
    std::int64_t next;
    std::int64_t boundary;
    std::int64_t successes;
    bool done;
  };
  struct Need {
    std::uint32_t dataset;
    double now;      // restore starts; retention and storage are judged now
    double limit;    // recovery points at or before this
    double finish;   // jobs must have finished by this
    double rpo_end;  // RPO counts up to this
    bool pitr;
    double pitr_target;
    double pitr_from;   // archive coverage starts here
    double pitr_ready;  // the archive copy can be read from then
  };
  struct Candidate {
    double point;
    double base_start;
    double ready;  // every part can be read from then
    std::int32_t policy;
    std::int64_t job;
    int steps;
  };
  struct LocationState {
    bool up;
    double next_change;
    double last_loss;
    double next_loss;
    RandomStream outage, loss;
  };

  void build_places(const Topology& topology);
  void build_replicas(const Topology& topology, Dataset& dataset);
  void build_policies(const Topology& topology);

  Job job(std::int32_t policy, std::int64_t k) const;
  double copy_arrival(std::int32_t policy, std::int64_t k, std::size_t copy, const Job& job) const;
  double reachable_at(std::int32_t place, double now, const std::vector<std::uint8_t>& up);
  double wiped_at(std::int32_t place, double now);
  bool retained(std::int32_t policy, std::int64_t k, double now);
  double stored(std::int32_t policy, std::int64_t k, const Job& job, double now,
                const std::vector<std::uint8_t>& up);
  bool usable(std::int32_t policy, std::int64_t k, const Need& need,
              const std::vector<std::uint8_t>& up, Candidate& out);
  bool next_candidate(std::int32_t policy, std::int64_t& cursor, const Need& need,
                      const std::vector<std::uint8_t>& up, Candidate& out);
  void plan_archive(Need& need, const std::vector<std::uint8_t>& up);
  double attempt_duration(const Need& need, const Candidate& candidate);
  void restore(Need need, DataIncidentKind kind, double exposure,
               const std::vector<std::uint8_t>& up, EventQueue& queue);
  void resync(std::uint32_t d, const std::vector<std::uint8_t>& up);
  bool all_replicas_lost(std::uint32_t d) const;
  void destroy_place(std::int32_t place, double now);
  void location_advance(std::int32_t location, double now);
  void set_held(std::uint32_t d, bool held);

  std::vector<Dataset> datasets_;
  std::vector<Replica> replicas_;
  std::vector<Place> places_;
  std::vector<std::int32_t> place_of_vertex_;              // -1 for vertices that are not places
  std::vector<std::vector<std::int32_t>> zones_of_place_;  // a region place: its zones' places
  std::vector<std::int32_t> region_of_place_;              // a zone place: its region's
  std::vector<Policy> policies_;
  std::vector<ThreatRef> threats_;
  // Per process: region or zone place and destroy probability; replicas it hosts.
  std::vector<std::int32_t> process_place_;
  std::vector<double> process_destroy_;
  std::vector<std::uint32_t> process_replica_begin_;
  std::vector<std::uint32_t> process_replicas_;  // replica indices, CSR
  std::vector<std::uint64_t> process_key_;
  const std::vector<StorageLocation>* locations_;
  std::uint64_t seed_;

  // State of the current trial; sized once, reset in place.
  std::uint64_t trial_ = 0;
  std::vector<State> state_;
  std::vector<std::uint8_t> lost_;    // per replica: its storage is gone
  std::vector<double> destroyed_at_;  // per place: last destruction, NEVER if none
  std::vector<double> back_at_;       // per region or zone place: end of its last outage
  std::vector<LocationState> location_state_;
  std::vector<RandomStream> threat_stream_, detection_stream_;
  std::vector<RandomStream> restore_stream_, restore_failure_stream_, archive_stream_;
  std::vector<RandomStream> destruction_stream_, storage_stream_;  // per process
  std::vector<Scan> scans_;  // per policy, for the need at hand
  std::vector<std::uint32_t> changed_;
  std::vector<RestoreRecord> records_;
};

}  // namespace resim
