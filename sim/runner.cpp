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

struct SharedRun {
  const std::vector<const Topology*>& designs;
  const RunOptions& options;
  std::vector<std::unique_ptr<OrderedMerge>>& merges;  // one per design
  const TrialObserver& observe;
  std::atomic<std::int64_t> next_chunk;
  const TrialExporter* exporter = nullptr;  // with RunOptions::exports
  OrderedExport* exports = nullptr;
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

void run_chunks(const std::vector<const Topology*>& designs, const RunOptions& options,
                std::int64_t first_chunk, std::int64_t end_chunk, std::vector<RunData>& runs,
                const TrialObserver& observe) {
  const auto start = std::chrono::steady_clock::now();
  // Before anything is allocated for the trials.
  std::vector<double> event_limits;
  for (const Topology* design : designs) {
    const WorkEstimate estimate = estimate_work(*design, options.horizon_s, options.trials);
    check_work(*design, estimate, options.trials, options.max_events);
    event_limits.push_back(trial_event_limit(estimate));
  }
  if (runs.empty())
    for (const Topology* design : designs) {
      runs.emplace_back();
      runs.back().totals = ChunkAccumulator(*design, options.keep_logs);
    }
  std::vector<std::unique_ptr<OrderedMerge>> merges;
  for (std::size_t d = 0; d < designs.size(); ++d)
    merges.push_back(
        std::make_unique<OrderedMerge>(*designs[d], options, runs[d].totals, first_chunk));
  SharedRun shared{designs, options, merges, observe, first_chunk};
  shared.event_limits = std::move(event_limits);

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
    exports.emplace(*options.exports, first_chunk, EXPORT_WINDOW_PER_THREAD * threads);
    shared.exporter = &*exporter;
    shared.exports = &*exports;
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

RunData run_trials(const Topology& topology, const RunOptions& options) {
  std::vector<RunData> runs;
  run_chunks({&topology}, options, 0, chunk_count(options.trials), runs);
  return std::move(runs.front());
}

}  // namespace resim
