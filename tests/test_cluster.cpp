// Distributed runs (sim/cluster.h) without MPI: ranks as threads exchanging messages in memory.
// Each rank simulates only its share of every round, the root's results and exports are bit for
// bit a single process's, and every rank ends with the root's totals. (The MPI transport itself
// is tested in ctest mpi.*, with mpirun -n 1, 2, 3.)
#include <catch2/catch.hpp>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>

#include "models/scenario.h"
#include "reports/json_report.h"
#include "sim/cluster.h"
#include "sim/comparison.h"
#include "sim/precision.h"
#include "sim/results.h"
#include "sim/trial_export.h"

namespace resim {
namespace {

struct Mailboxes {
  explicit Mailboxes(int ranks) : to_root(ranks), from_root(ranks) {}
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::deque<std::vector<char>>> to_root;
  std::vector<std::deque<std::vector<char>>> from_root;
};

class ThreadRank : public Cluster {
 public:
  ThreadRank(int rank, int size, Mailboxes& boxes) : rank_(rank), size_(size), boxes_(boxes) {}
  int rank() const override { return rank_; }
  int size() const override { return size_; }
  void send_to_root(const std::vector<char>& bytes) override {
    put(boxes_.to_root[static_cast<std::size_t>(rank_)], bytes);
  }
  std::vector<char> receive_from(int rank) override {
    return take(boxes_.to_root[static_cast<std::size_t>(rank)]);
  }
  void broadcast(std::vector<char>& bytes) override {
    if (rank_ == 0)
      for (int r = 1; r < size_; ++r) put(boxes_.from_root[static_cast<std::size_t>(r)], bytes);
    else
      bytes = take(boxes_.from_root[static_cast<std::size_t>(rank_)]);
  }

 private:
  void put(std::deque<std::vector<char>>& box, const std::vector<char>& bytes) {
    {
      const std::lock_guard<std::mutex> lock(boxes_.mutex);
      box.push_back(bytes);
    }
    boxes_.changed.notify_all();
  }
  std::vector<char> take(std::deque<std::vector<char>>& box) {
    std::unique_lock<std::mutex> lock(boxes_.mutex);
    boxes_.changed.wait(lock, [&] { return !box.empty(); });
    std::vector<char> bytes = std::move(box.front());
    box.pop_front();
    return bytes;
  }

  int rank_;
  int size_;
  Mailboxes& boxes_;
};

class MemorySink : public ExportSink {
 public:
  bool wants_trials() const override { return true; }
  bool wants_incidents() const override { return true; }
  void write_chunk(const std::string& trial_rows, const std::string& incident_rows) override {
    text += trial_rows + incident_rows;
    ++calls;
  }
  std::string text;
  int calls = 0;
};

Topology bundled(const std::string& name) {
  return Topology(
      load_scenario((std::filesystem::path(RESIM_SOURCE_DIR) / "scenarios" / name).string()));
}

// Runs `body(options, observe)` on `ranks` threads, each a rank; returns per rank the trials it
// simulated itself.
template <typename Body>
std::vector<std::int64_t> on_ranks(int ranks, Body body) {
  Mailboxes boxes(ranks);
  std::vector<std::unique_ptr<ThreadRank>> cluster;
  for (int r = 0; r < ranks; ++r) cluster.push_back(std::make_unique<ThreadRank>(r, ranks, boxes));
  std::vector<std::atomic<std::int64_t>> simulated(static_cast<std::size_t>(ranks));
  std::vector<std::thread> threads;
  for (int r = 0; r < ranks; ++r)
    threads.emplace_back([&, r] {
      body(r, *cluster[static_cast<std::size_t>(r)], simulated[static_cast<std::size_t>(r)]);
    });
  for (auto& thread : threads) thread.join();
  return {simulated.begin(), simulated.end()};
}

TEST_CASE("ranks share the trials; the root's results and exports are a single process's",
          "[cluster]") {
  const Topology topology = bundled("two-region-active-passive.json");
  RunOptions options = options_from(topology.scenario().settings);
  options.trials = 20000;  // at 2 and 3 ranks, more than one round of 64 chunks per rank
  options.threads = 1;
  MemorySink alone_sink;
  RunOptions alone = options;
  alone.exports = &alone_sink;
  const std::string expected =
      results_to_json(summarize(topology, alone, run_trials(topology, alone))).dump();

  for (const int ranks : {2, 3}) {
    INFO(ranks << " ranks");
    std::vector<std::string> json(static_cast<std::size_t>(ranks));
    std::vector<MemorySink> sinks(static_cast<std::size_t>(ranks));
    const auto simulated =
        on_ranks(ranks, [&](int r, Cluster& cluster, std::atomic<std::int64_t>& count) {
          RunOptions mine = options;
          mine.cluster = &cluster;
          mine.exports = &sinks[static_cast<std::size_t>(r)];
          std::vector<RunData> runs;
          run_chunks({&topology}, mine, 0, chunk_count(mine.trials), runs,
                     [&](std::int64_t, const std::vector<TrialOutcome>&) { ++count; });
          json[static_cast<std::size_t>(r)] =
              results_to_json(summarize(topology, mine, runs[0])).dump();
        });
    CHECK(json[0] == expected);
    for (const auto& other : json) CHECK(other == expected);  // the root's totals, everywhere
    CHECK(sinks[0].text == alone_sink.text);
    for (int r = 1; r < ranks; ++r) CHECK(sinks[static_cast<std::size_t>(r)].calls == 0);
    std::int64_t total = 0;
    for (const std::int64_t n : simulated) {
      total += n;
      // Equal shares of each round, in whole chunks.
      CHECK(std::abs(static_cast<double>(n) - 20000.0 / ranks) <= 64.0 * 2);
    }
    CHECK(total == options.trials);
  }
}

TEST_CASE("distributed compare and --precision equal a single process's", "[cluster]") {
  const Topology single = bundled("single-zone-web.json");
  const Topology three = bundled("three-zone-web.json");
  RunOptions options = options_from(single.scenario().settings);
  options.trials = 3000;
  options.threads = 1;
  const Comparison alone = compare_designs({&single, &three}, options);
  RunOptions rounds = options;
  rounds.trials = 64;
  const std::vector<PrecisionGoal> goals{parse_precision_goal("availability=5e-5")};
  const PrecisionRun precise = run_to_precision(single, rounds, goals, 1000000);
  const std::string precise_json = results_to_json(summarize(single, rounds, precise.data)).dump();

  // Catch's assertions are for one thread: each rank keeps what it found, checked after.
  std::vector<std::int64_t> trials(3);
  std::string root_precise, root_designs[2];
  std::optional<PairedDifference> root_paired;
  on_ranks(3, [&](int r, Cluster& cluster, std::atomic<std::int64_t>&) {
    RunOptions mine = options;
    mine.cluster = &cluster;
    const Comparison together = compare_designs({&single, &three}, mine);
    RunOptions mine_rounds = rounds;
    mine_rounds.trials = 64;
    mine_rounds.cluster = &cluster;
    const PrecisionRun run = run_to_precision(single, mine_rounds, goals, 1000000);
    trials[static_cast<std::size_t>(r)] = run.trials;
    if (r != 0) return;
    root_precise = results_to_json(summarize(single, mine_rounds, run.data)).dump();
    for (std::size_t d = 0; d < 2; ++d)
      root_designs[d] = results_to_json(together.designs[d]).dump();
    root_paired = together.differences[0].metrics[0];
  });
  for (const std::int64_t n : trials) CHECK(n == precise.trials);  // every rank, the same rounds
  CHECK(precise.trials > 64);
  CHECK(root_precise == precise_json);
  for (std::size_t d = 0; d < 2; ++d)
    CHECK(root_designs[d] == results_to_json(alone.designs[d]).dump());
  REQUIRE(root_paired);
  const auto& expected = *alone.differences[0].metrics[0];
  CHECK(root_paired->paired.mean == expected.paired.mean);
  CHECK(root_paired->paired.half_width == expected.paired.half_width);
  CHECK(root_paired->correlation == expected.correlation);
}

}  // namespace
}  // namespace resim
