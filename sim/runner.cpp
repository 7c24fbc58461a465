#include "sim/runner.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <system_error>
#include <thread>

#include "models/work_estimate.h"
#include "sim/chunk_codec.h"
#include "sim/cluster.h"
#include "sim/trial_export.h"

namespace resim {

namespace {

// Chunks of rows held for export at most, per thread: enough that a slow chunk rarely stalls
// the others, few enough that the rows held stay small (a chunk's are some kilobytes).
constexpr std::int64_t EXPORT_WINDOW_PER_THREAD = 4;

// Merges finished chunks into the totals in chunk order, while other chunks still run: the
// summing is spread over the run instead of following it on one thread. Chunks that finish
// ahead of their turn wait here; there are about as many of them as threads.
class OrderedMerge {
 public:
  OrderedMerge(const Topology& topology, const RunOptions& options, ChunkAccumulator& totals,
               std::int64_t first_chunk)
      : topology_(topology), options_(options), totals_(totals), next_(first_chunk) {}

  std::unique_ptr<ChunkAccumulator> fresh() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (spare_.empty()) return std::make_unique<ChunkAccumulator>(topology_, options_.keep_logs);
    auto chunk = std::move(spare_.back());
    spare_.pop_back();
    return chunk;
  }

  void finished(std::int64_t index, std::unique_ptr<ChunkAccumulator> chunk) {
    std::lock_guard<std::mutex> lock(mutex_);
    waiting_.emplace(index, std::move(chunk));
    for (auto next = waiting_.begin(); next != waiting_.end() && next->first == next_;
         next = waiting_.begin()) {
      totals_.merge(*next->second);
      next->second->clear();
      spare_.push_back(std::move(next->second));
      waiting_.erase(next);
      ++next_;
    }
  }

 private:
  const Topology& topology_;
  const RunOptions& options_;
  ChunkAccumulator& totals_;
  std::mutex mutex_;
  std::int64_t next_;
  std::map<std::int64_t, std::unique_ptr<ChunkAccumulator>> waiting_;
  std::vector<std::unique_ptr<ChunkAccumulator>> spare_;
};

// A process of a distributed run other than the root: each chunk, once run, is saved for the
// root (on the thread that ran it) rather than written.
using ChunkEncoder = std::function<void(
    std::int64_t chunk, const std::vector<std::unique_ptr<ChunkAccumulator>>& accumulators,
    const ExportRows& rows)>;

struct SharedRun {
  const std::vector<const Topology*>& designs;
  const RunOptions& options;
  std::vector<std::unique_ptr<OrderedMerge>>& merges;  // one per design
  const TrialObserver& observe;
  std::atomic<std::int64_t> next_chunk;
  const TrialExporter* exporter = nullptr;  // with RunOptions::exports
  OrderedExport* exports = nullptr;         // ... written here, unless encoded for the root
  const ChunkEncoder* encode = nullptr;
  std::atomic<std::int64_t> trials_done{0};
  std::vector<double> event_limits{};  // per design (models/work_estimate.h)
  std::mutex error_mutex{};
  std::exception_ptr error{};  // of the earliest chunk, rethrown once every thread has stopped
  std::int64_t error_chunk = 0;
};

// Trial by trial across the designs, so that an observer sees each trial in all of them.
void run_chunk(SharedRun& shared, std::vector<TrialSimulator>& simulators,
               std::vector<TrialOutcome>& outcomes, std::int64_t chunk) {
  const std::int64_t first = chunk * CHUNK_TRIALS;
  const std::int64_t last = std::min(first + CHUNK_TRIALS, shared.options.trials);
  if (shared.exports && !shared.exports->wait_turn(chunk)) return;
  ExportRows rows = shared.exports ? shared.exports->fresh() : ExportRows{};
  std::vector<std::unique_ptr<ChunkAccumulator>> sinks;
  for (auto& merge : shared.merges) sinks.push_back(merge->fresh());
  for (std::int64_t trial = first; trial < last; ++trial) {
    for (std::size_t d = 0; d < simulators.size(); ++d) {
      try {
        outcomes[d] = simulators[d].run(static_cast<std::uint64_t>(trial), *sinks[d]);
      } catch (const RunawayTrial& runaway) {
        throw_runaway_trial(*shared.designs[d], runaway.process, runaway.failover_group,
                            runaway.trial, runaway.limit);
      }
    }
    if (shared.exporter)
      shared.exporter->add(static_cast<std::uint64_t>(trial), simulators[0].last_trial(), rows);
    if (shared.observe) shared.observe(chunk, outcomes);
  }
  if (shared.encode) (*shared.encode)(chunk, sinks, rows);
  for (std::size_t d = 0; d < sinks.size(); ++d)
    shared.merges[d]->finished(chunk, std::move(sinks[d]));
  if (shared.exports) shared.exports->finished(chunk, std::move(rows));
  shared.trials_done += last - first;
}

// An exception must not leave a thread (std::terminate). The others stop at their next chunk;
// every chunk before a failed one was taken already and runs to its end, so keeping the error
// of the earliest chunk reports the same trial on any number of threads.
void worker(SharedRun& shared, std::int64_t end_chunk) {
  std::int64_t chunk = -1;
  try {
    std::vector<TrialSimulator> simulators;
    for (std::size_t d = 0; d < shared.designs.size(); ++d) {
      simulators.emplace_back(*shared.designs[d], shared.options.horizon_s, shared.options.seed);
      simulators.back().set_event_limit(shared.event_limits[d]);
    }
    std::vector<TrialOutcome> outcomes(simulators.size());
    for (chunk = shared.next_chunk++; chunk < end_chunk; chunk = shared.next_chunk++)
      run_chunk(shared, simulators, outcomes, chunk);
  } catch (...) {
    if (shared.exports) shared.exports->abort();  // chunks waiting for their turn stop
    const std::lock_guard<std::mutex> lock(shared.error_mutex);
    if (!shared.error || chunk < shared.error_chunk) {
      shared.error = std::current_exception();
      shared.error_chunk = chunk;
    }
    shared.next_chunk = end_chunk;
  }
}

void print_progress(std::int64_t done, std::int64_t total, double elapsed_s) {
  const double rate = elapsed_s > 0.0 ? static_cast<double>(done) / elapsed_s : 0.0;
  const double left_s = rate > 0.0 ? static_cast<double>(total - done) / rate : 0.0;
  std::fprintf(stderr, "\r  %lld/%lld trials  %.0f trials/s  %.0fs left   ",
               static_cast<long long>(done), static_cast<long long>(total), rate,
               std::ceil(left_s));
  std::fflush(stderr);
}

}  // namespace

int resolve_threads(int requested) {
  if (requested > 0) return std::min(requested, MAX_THREADS);
  return std::clamp(static_cast<int>(std::thread::hardware_concurrency()), 1, MAX_THREADS);
}

RunOptions options_from(const Settings& settings) {
  RunOptions options;
  options.trials = settings.trials;
  options.seed = settings.seed;
  options.threads = settings.threads;
  options.horizon_s = settings.horizon_s;
  options.max_events = settings.max_events;
  return options;
}

std::int64_t chunk_count(std::int64_t trials) {
  return (trials + CHUNK_TRIALS - 1) / CHUNK_TRIALS;
}

namespace {

void add_runs(const std::vector<const Topology*>& designs, const RunOptions& options,
              std::vector<RunData>& runs) {
  if (!runs.empty()) return;
  for (const Topology* design : designs) {
    runs.emplace_back();
    runs.back().totals = ChunkAccumulator(*design, options.keep_logs);
  }
}

// The chunks [first_chunk, end_chunk) on this process's threads.
void run_local(const std::vector<const Topology*>& designs, const RunOptions& options,
               std::int64_t first_chunk, std::int64_t end_chunk, std::vector<RunData>& runs,
               const TrialObserver& observe, const ChunkEncoder* encode) {
  const auto start = std::chrono::steady_clock::now();
  // Before anything is allocated for the trials.
  std::vector<double> event_limits;
  for (const Topology* design : designs) {
    const WorkEstimate estimate = estimate_work(*design, options.horizon_s, options.trials);
    check_work(*design, estimate, options.trials, options.max_events);
    event_limits.push_back(trial_event_limit(estimate));
  }
  add_runs(designs, options, runs);
  std::vector<std::unique_ptr<OrderedMerge>> merges;
  for (std::size_t d = 0; d < designs.size(); ++d)
    merges.push_back(
        std::make_unique<OrderedMerge>(*designs[d], options, runs[d].totals, first_chunk));
  SharedRun shared{designs, options, merges, observe, first_chunk};
  shared.event_limits = std::move(event_limits);
  shared.encode = encode;

  const std::int64_t trials =
      std::min(end_chunk * CHUNK_TRIALS, options.trials) - first_chunk * CHUNK_TRIALS;
  const int threads = static_cast<int>(
      std::clamp<std::int64_t>(end_chunk - first_chunk, 1, resolve_threads(options.threads)));
  std::optional<TrialExporter> exporter;
  std::optional<OrderedExport> exports;
  if (options.exports) {
    if (designs.size() != 1) throw std::invalid_argument("exports are of a run of one design");
    exporter.emplace(*designs.front(), options.horizon_s, options.exports->wants_trials(),
                     options.exports->wants_incidents());
    shared.exporter = &*exporter;
    if (!encode) {
      exports.emplace(*options.exports, first_chunk, EXPORT_WINDOW_PER_THREAD * threads);
      shared.exports = &*exports;
    }
  }
  // A thread the system cannot create (memory or process limits) only makes the run slower:
  // results do not depend on the thread count.
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) {
    try {
      pool.emplace_back(worker, std::ref(shared), end_chunk);
    } catch (const std::system_error&) {
      break;
    }
  }
  std::atomic<bool> finished{false};
  std::thread reporter;
  if (options.progress) {
    try {
      reporter = std::thread([&] {
        while (!finished && shared.trials_done < trials) {
          std::this_thread::sleep_for(std::chrono::milliseconds(250));
          const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
          print_progress(shared.trials_done, trials, elapsed.count());
        }
      });
    } catch (const std::system_error&) {
      // no progress line then
    }
  }
  worker(shared, end_chunk);
  for (auto& thread : pool) thread.join();
  finished = true;
  if (reporter.joinable()) {
    reporter.join();
    std::fprintf(stderr, "\r%70s\r", "");
  }

  if (shared.error) std::rethrow_exception(shared.error);
  const double wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (auto& run : runs) {
    run.threads_used = 1 + static_cast<int>(pool.size());
    run.wall_s += wall_s;
  }
}

// Chunks of each process per round of a distributed run: enough that the round's trials keep
// every thread busy, few enough that what a process holds for the root stays small.
constexpr std::int64_t CLUSTER_ROUND_CHUNKS = 64;

// A share of the round's chunk range for process r of k: contiguous, in rank order.
std::int64_t share_start(std::int64_t first, std::int64_t end, int r, int k) {
  return first + (end - first) * r / k;
}

// The root's part of a round: its own share, then every other process's in rank order, chunk by
// chunk merged and written in chunk order: exactly the sequence one process would produce.
void gather_round(const std::vector<const Topology*>& designs, const RunOptions& options,
                  std::int64_t first, std::int64_t end, std::vector<RunData>& runs,
                  const TrialObserver& observe, const ObserverState& state) {
  Cluster& cluster = *options.cluster;
  const int k = cluster.size();
  run_local(designs, options, first, share_start(first, end, 1, k), runs, observe, nullptr);
  std::vector<ChunkAccumulator> scratch;
  for (const Topology* design : designs) scratch.emplace_back(*design, options.keep_logs);
  ExportRows rows;
  for (int r = 1; r < k; ++r) {
    const std::vector<char> bytes = cluster.receive_from(r);
    ByteReader in(bytes);
    for (std::int64_t c = share_start(first, end, r, k); c < share_start(first, end, r + 1, k);
         ++c) {
      for (std::size_t d = 0; d < designs.size(); ++d) {
        load_accumulator(in, *designs[d], scratch[d]);
        runs[d].totals.merge(scratch[d]);
      }
      if (options.exports) {
        in.get_string(rows.trials);
        in.get_string(rows.incidents);
        options.exports->write_chunk(rows.trials, rows.incidents);
      }
      if (state.load) state.load(c, in);
    }
  }
}

// Another process's part: its share, each chunk saved for the root, sent in one message.
void send_round(const std::vector<const Topology*>& designs, const RunOptions& options,
                std::int64_t first, std::int64_t end, std::vector<RunData>& runs,
                const TrialObserver& observe, const ObserverState& state) {
  Cluster& cluster = *options.cluster;
  const int k = cluster.size();
  const std::int64_t mine = share_start(first, end, cluster.rank(), k);
  const std::int64_t next = share_start(first, end, cluster.rank() + 1, k);
  std::vector<std::vector<char>> saved(static_cast<std::size_t>(next - mine));
  const ChunkEncoder encode = [&](std::int64_t chunk,
                                  const std::vector<std::unique_ptr<ChunkAccumulator>>& chunks,
                                  const ExportRows& rows) {
    ByteWriter out;
    for (const auto& accumulator : chunks) save_accumulator(*accumulator, out);
    if (options.exports) {
      out.put_string(rows.trials);
      out.put_string(rows.incidents);
    }
    if (state.save) state.save(chunk, out);
    saved[static_cast<std::size_t>(chunk - mine)] = std::move(out.bytes());
  };
  run_local(designs, options, mine, next, runs, observe, &encode);
  std::vector<char> message;
  for (const auto& chunk : saved) message.insert(message.end(), chunk.begin(), chunk.end());
  cluster.send_to_root(message);
}

void run_distributed(const std::vector<const Topology*>& designs, const RunOptions& options,
                     std::int64_t first_chunk, std::int64_t end_chunk, std::vector<RunData>& runs,
                     const TrialObserver& observe, const ObserverState& state) {
  Cluster& cluster = *options.cluster;
  RunOptions local = options;
  local.progress = false;  // a line per round and process would only flicker
  add_runs(designs, local, runs);
  const std::int64_t round = CLUSTER_ROUND_CHUNKS * cluster.size();
  for (std::int64_t first = first_chunk; first < end_chunk; first += round) {
    const std::int64_t end = std::min(first + round, end_chunk);
    if (cluster.rank() == 0)
      gather_round(designs, local, first, end, runs, observe, state);
    else
      send_round(designs, local, first, end, runs, observe, state);
  }
  // Every process goes on with the root's totals: a --precision run decides its next round on
  // all of them alike.
  ByteWriter out;
  if (cluster.rank() == 0)
    for (const auto& run : runs) save_accumulator(run.totals, out);
  cluster.broadcast(out.bytes());
  if (cluster.rank() == 0) return;
  ByteReader in(out.bytes());
  for (std::size_t d = 0; d < designs.size(); ++d)
    load_accumulator(in, *designs[d], runs[d].totals);
}

}  // namespace

void run_chunks(const std::vector<const Topology*>& designs, const RunOptions& options,
                std::int64_t first_chunk, std::int64_t end_chunk, std::vector<RunData>& runs,
                const TrialObserver& observe, const ObserverState& state) {
  if (options.cluster && options.cluster->size() > 1)
    run_distributed(designs, options, first_chunk, end_chunk, runs, observe, state);
  else
    run_local(designs, options, first_chunk, end_chunk, runs, observe, nullptr);
}

RunData run_trials(const Topology& topology, const RunOptions& options) {
  std::vector<RunData> runs;
  run_chunks({&topology}, options, 0, chunk_count(options.trials), runs);
  return std::move(runs.front());
}

}  // namespace resim
