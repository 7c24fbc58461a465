// Per-trial and per-incident rows of a run as CSV, for notebooks (resim run --trials-csv,
// --incidents-csv; columns in docs/results-format.md). The rows of a chunk are formatted on the
// thread that ran it and handed to a sink in chunk order, so the files come out byte-identical on
// any thread count and are never held whole in memory.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "models/topology.h"
#include "sim/simulation.h"

namespace resim {

// Where the rows go. The command line writes them to files (sim/cli/); the engine knows only
// this interface.
class ExportSink {
 public:
  virtual ~ExportSink() = default;
  virtual bool wants_trials() const = 0;
  virtual bool wants_incidents() const = 0;
  // One chunk's rows (whole lines, either possibly empty), in chunk order, one call at a time.
  // May throw: the run then stops with that error.
  virtual void write_chunk(const std::string& trial_rows, const std::string& incident_rows) = 0;
};

// The header lines, column names ending in '\n'.
const std::string& trials_csv_header();
const std::string& incidents_csv_header();

// The rows of one chunk of trials.
struct ExportRows {
  std::string trials;
  std::string incidents;
};

// Formats the rows of one trial; shared read-only by the threads.
class TrialExporter {
 public:
  TrialExporter(const Topology& topology, double horizon_s, bool trials, bool incidents);

  void add(std::uint64_t trial, const TrialRecords& records, ExportRows& rows) const;

 private:
  void add_trial_row(std::uint64_t trial, const TrialRecords& records, std::string& out) const;
  void add_outage_row(std::uint64_t trial, const OutageRecord& outage, bool unfinished,
                      std::string& out) const;
  void add_failover_row(std::uint64_t trial, const FailoverRecord& record, std::string& out) const;
  void add_restore_row(std::uint64_t trial, const RestoreRecord& record, std::string& out) const;

  std::vector<std::string> cause_names_;  // CSV fields, quoted where needed
  std::vector<std::string> cause_kinds_;
  std::vector<std::string> group_names_;
  std::vector<std::string> dataset_names_;
  double horizon_s_;
  double years_;  // per trial
  bool has_demand_;
  bool trials_;
  bool incidents_;
};

// Hands the chunks' rows to the sink in chunk order. A chunk waits to start while it is `window`
// chunks ahead of the next one to be written, so at most `window` chunks' rows are held however
// unevenly the chunks run.
class OrderedExport {
 public:
  OrderedExport(ExportSink& sink, std::int64_t first_chunk, std::int64_t window)
      : sink_(sink), next_(first_chunk), window_(window) {}

  // Blocks until `chunk` may run; false once abort() was called (the run is stopping).
  bool wait_turn(std::int64_t chunk);
  ExportRows fresh();  // empty buffers, reusing the capacity of written ones
  // Writes every chunk whose turn has come. Rethrows the sink's error.
  void finished(std::int64_t chunk, ExportRows rows);
  void abort();

 private:
  ExportSink& sink_;
  std::mutex mutex_;
  std::condition_variable turn_;
  std::int64_t next_;
  std::int64_t window_;
  bool aborted_ = false;
  std::map<std::int64_t, ExportRows> waiting_;
  std::vector<ExportRows> spare_;
};

}  // namespace resim
