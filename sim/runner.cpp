#include "sim/runner.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <thread>

namespace resim {

namespace {

struct SharedRun {
  const Topology& topology;
  const RunOptions& options;
  RunData& data;
  std::vector<ChunkAccumulator>& chunks;
  std::atomic<std::int64_t> next_chunk{0};
  std::atomic<std::int64_t> trials_done{0};
};

void run_chunk(SharedRun& shared, TrialSimulator& simulator, std::int64_t chunk) {
  const std::int64_t first = chunk * CHUNK_TRIALS;
  const std::int64_t last = std::min(first + CHUNK_TRIALS, shared.options.trials);
  ChunkAccumulator& sink = shared.chunks[static_cast<std::size_t>(chunk)];
  for (std::int64_t trial = first; trial < last; ++trial) {
    const TrialOutcome outcome = simulator.run(static_cast<std::uint64_t>(trial), sink);
    const auto t = static_cast<std::size_t>(trial);
    shared.data.downtime_s[t] = outcome.downtime_s;
    shared.data.outages[t] = outcome.outages;
    shared.data.longest_outage_s[t] = outcome.longest_outage_s;
    shared.data.worst_rpo_s[t] = outcome.worst_rpo_s;
    shared.data.served_s[t] = outcome.served_s;
    shared.data.degraded_s[t] = outcome.degraded_s;
  }
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
  const auto trials = static_cast<std::size_t>(options.trials);
  data.downtime_s.resize(trials);
  data.outages.resize(trials);
  data.longest_outage_s.resize(trials);
  data.worst_rpo_s.resize(trials);
  data.served_s.resize(trials);
  data.degraded_s.resize(trials);
  std::vector<ChunkAccumulator> chunks(static_cast<std::size_t>(chunk_count));
  SharedRun shared{topology, options, data, chunks};

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

  // Merge in chunk order: floating-point sums are then the same for any thread count.
  for (const auto& chunk : chunks) data.totals.merge(chunk);
  data.threads_used = threads;
  data.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return data;
}

}  // namespace resim
