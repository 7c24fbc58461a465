#include "sim/runner.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

namespace resim {

namespace {

// Merges finished chunks into the totals in chunk order, while other chunks still run: the
// summing is spread over the run instead of following it on one thread. Chunks that finish
// ahead of their turn wait here; there are about as many of them as threads.
class OrderedMerge {
 public:
  OrderedMerge(const Topology& topology, const RunOptions& options, ChunkAccumulator& totals)
      : topology_(topology), options_(options), totals_(totals) {}

  std::unique_ptr<ChunkAccumulator> fresh() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (spare_.empty())
      return std::make_unique<ChunkAccumulator>(topology_, options_.horizon_s, options_.keep_logs);
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
  std::int64_t next_ = 0;
  std::map<std::int64_t, std::unique_ptr<ChunkAccumulator>> waiting_;
  std::vector<std::unique_ptr<ChunkAccumulator>> spare_;
};

struct SharedRun {
  const Topology& topology;
  const RunOptions& options;
  OrderedMerge& merge;
  std::atomic<std::int64_t> next_chunk{0};
  std::atomic<std::int64_t> trials_done{0};
};

void run_chunk(SharedRun& shared, TrialSimulator& simulator, std::int64_t chunk) {
  const std::int64_t first = chunk * CHUNK_TRIALS;
  const std::int64_t last = std::min(first + CHUNK_TRIALS, shared.options.trials);
  std::unique_ptr<ChunkAccumulator> sink = shared.merge.fresh();
  for (std::int64_t trial = first; trial < last; ++trial)
    simulator.run(static_cast<std::uint64_t>(trial), *sink);
  shared.merge.finished(chunk, std::move(sink));
  shared.trials_done += last - first;
}

void worker(SharedRun& shared, std::int64_t chunk_count) {
  TrialSimulator simulator(shared.topology, shared.options.horizon_s, shared.options.seed);
  for (std::int64_t chunk = shared.next_chunk++; chunk < chunk_count; chunk = shared.next_chunk++)
    run_chunk(shared, simulator, chunk);
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
  if (requested > 0) return requested;
  return std::max(1u, std::thread::hardware_concurrency());
}

RunOptions options_from(const Settings& settings) {
  RunOptions options;
  options.trials = settings.trials;
  options.seed = settings.seed;
  options.threads = settings.threads;
  options.horizon_s = settings.horizon_s;
  return options;
}

RunData run_trials(const Topology& topology, const RunOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  const std::int64_t chunk_count = (options.trials + CHUNK_TRIALS - 1) / CHUNK_TRIALS;
  RunData data;
  data.totals = ChunkAccumulator(topology, options.horizon_s, options.keep_logs);
  OrderedMerge merge(topology, options, data.totals);
  SharedRun shared{topology, options, merge};

  const int threads =
      static_cast<int>(std::min<std::int64_t>(resolve_threads(options.threads), chunk_count));
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back(worker, std::ref(shared), chunk_count);
  std::thread reporter;
  if (options.progress) {
    reporter = std::thread([&] {
      while (shared.trials_done < options.trials) {
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
        const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
        print_progress(shared.trials_done, options.trials, elapsed.count());
      }
    });
  }
  worker(shared, chunk_count);
  for (auto& thread : pool) thread.join();
  if (reporter.joinable()) {
    reporter.join();
    std::fprintf(stderr, "\r%70s\r", "");
  }

  data.threads_used = threads;
  data.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return data;
}

}  // namespace resim
