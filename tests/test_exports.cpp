// Per-trial and per-incident exports (sim/trial_export.h, resim run --trials-csv/--incidents-csv):
// streamed chunk by chunk, byte-identical on any thread count, and adding up to the figures the
// run reports.
#include <cmath>
#include <filesystem>
#include <numeric>
#include <sstream>
#include <stdexcept>

#include "engine_harness.h"
#include "models/duration.h"
#include "sim/precision.h"
#include "sim/trial_export.h"
#include "tests/cli_harness.h"

namespace resim::test {
namespace {

// Keeps what it is given, and how: one call per chunk, in order.
class MemorySink : public ExportSink {
 public:
  bool wants_trials() const override { return true; }
  bool wants_incidents() const override { return true; }
  void write_chunk(const std::string& trial_rows, const std::string& incident_rows) override {
    trials += trial_rows;
    incidents += incident_rows;
    ++calls;
    const auto rows = std::count(trial_rows.begin(), trial_rows.end(), '\n');
    max_rows_per_call = std::max<std::int64_t>(max_rows_per_call, rows);
  }

  std::string trials = trials_csv_header();
  std::string incidents = incidents_csv_header();
  std::int64_t calls = 0;
  std::int64_t max_rows_per_call = 0;
};

// A CSV without quoted fields, as the bundled scenarios' names give.
struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  explicit Table(const std::string& text) {
    std::istringstream in(text);
    std::string line;
    for (bool first = true; std::getline(in, line); first = false) {
      std::vector<std::string> fields;
      std::istringstream cells(line);
      std::string cell;
      while (std::getline(cells, cell, ',')) fields.push_back(cell);
      if (!line.empty() && line.back() == ',') fields.emplace_back();
      (first ? header : rows.emplace_back()) = fields;
    }
  }
  std::size_t column(const std::string& name) const {
    const auto at = std::find(header.begin(), header.end(), name);
    REQUIRE(at != header.end());
    return static_cast<std::size_t>(at - header.begin());
  }
  // The column's values on the rows where `where` (a column) equals `value`, or on every row.
  std::vector<double> values(const std::string& name, const std::string& where = "",
                             const std::string& value = "") const {
    const std::size_t c = column(name);
    std::vector<double> out;
    for (const auto& row : rows)
      if (where.empty() || row.at(column(where)) == value) out.push_back(std::stod(row.at(c)));
    return out;
  }
};

double sum(const std::vector<double>& values) {
  return std::accumulate(values.begin(), values.end(), 0.0);
}

double mean(const std::vector<double>& values) {
  return sum(values) / values.size();
}

struct Exported {
  Results results;
  MemorySink sink;
};

Exported run_exported(const std::string& bundled, std::int64_t trials, int threads) {
  const Topology topology(
      load_scenario((std::filesystem::path(RESIM_SOURCE_DIR) / "scenarios" / bundled).string()));
  RunOptions options = options_from(topology.scenario().settings);
  options.trials = trials;
  options.threads = threads;
  Exported out;
  options.exports = &out.sink;
  out.results = summarize(topology, options, run_trials(topology, options));
  return out;
}

TEST_CASE("exports are the same on 1 and 3 threads, one row per trial, chunk by chunk",
          "[exports]") {
  for (const std::string scenario :
       {"two-region-active-passive.json", "postgres-backups-pitr.json"}) {
    INFO(scenario);
    const std::int64_t trials = 1000;  // 15 whole chunks and a part
    const Exported one = run_exported(scenario, trials, 1);
    const Exported three = run_exported(scenario, trials, 3);
    CHECK(one.sink.trials == three.sink.trials);
    CHECK(one.sink.incidents == three.sink.incidents);
    // Streamed: each chunk as it is merged, never the run at the end.
    CHECK(three.sink.calls == chunk_count(trials));
    CHECK(three.sink.max_rows_per_call <= CHUNK_TRIALS);
    const Table table(three.sink.trials);
    REQUIRE(table.rows.size() == static_cast<std::size_t>(trials));
    for (std::size_t t = 0; t < table.rows.size(); ++t)
      REQUIRE(table.rows[t].at(0) == std::to_string(t));
    CHECK(Table(three.sink.incidents).rows.size() > 100);
  }
}

TEST_CASE("exports add up to the figures the run reports", "[exports]") {
  for (const std::string scenario :
       {"two-region-active-passive.json", "postgres-backups-pitr.json"}) {
    INFO(scenario);
    const std::int64_t trials = 700;
    const Exported run = run_exported(scenario, trials, 2);
    const Results& r = run.results;
    const Table per_trial(run.sink.trials);
    const Table incidents(run.sink.incidents);
    const double years = static_cast<double>(trials) * r.horizon_s / SECONDS_PER_YEAR;

    // Downtime: the incidents' within-horizon parts, the trials' column, the reported mean.
    const double downtime = sum(per_trial.values("downtime_s"));
    REQUIRE(downtime > 0.0);
    const double outage_parts = sum(incidents.values("downtime_s", "kind", "outage")) +
                                sum(incidents.values("downtime_s", "kind", "planned_outage"));
    CHECK(outage_parts == Approx(downtime).epsilon(1e-12));
    CHECK(downtime / years == Approx(r.downtime_per_year_s.mean).epsilon(1e-12));
    CHECK(mean(per_trial.values("downtime_per_year_s")) ==
          Approx(r.downtime_per_year_s.mean).epsilon(1e-12));
    CHECK(mean(per_trial.values("availability")) == Approx(r.availability.mean).epsilon(1e-12));
    CHECK(mean(per_trial.values("outages_per_year")) ==
          Approx(r.outages_per_year.mean).epsilon(1e-12));
    CHECK(sum(per_trial.values("planned_downtime_s")) / years ==
          Approx(r.planned_downtime_per_year_s.mean).epsilon(1e-12));

    // Outages: one row each, their durations the RTO distribution.
    const auto outages = incidents.values("duration_s", "kind", "outage");
    CHECK(outages.size() == static_cast<std::size_t>(sum(per_trial.values("outages"))));
    CHECK(static_cast<std::int64_t>(outages.size()) ==
          r.outage_durations.count + static_cast<std::int64_t>(r.unfinished_outages));
    if (r.unfinished_outages == 0)
      CHECK(mean(outages) == Approx(r.outage_durations.mean_s).epsilon(1e-12));

    // Failover incidents and the data they lost, per group.
    double lost = 0.0;
    std::int64_t failover_incidents = 0;
    for (const auto& group : r.failovers) {
      const auto rto = incidents.values("rto_s", "group", group.name);
      CHECK(static_cast<std::int64_t>(rto.size()) == group.incidents);
      if (!rto.empty()) CHECK(mean(rto) == Approx(group.rto.mean_s).epsilon(1e-12));
      lost += group.data_lost_per_year_s * years;
      failover_incidents += group.incidents;
    }
    CHECK(sum(per_trial.values("failover_incidents")) == failover_incidents);
    CHECK(sum(per_trial.values("failover_data_lost_s")) == Approx(lost).epsilon(1e-12));

    // Dataset incidents.
    for (const auto& dataset : r.datasets) {
      const auto rto = incidents.values("rto_s", "dataset", dataset.name);
      CHECK(static_cast<std::int64_t>(rto.size()) == dataset.incidents);
    }
  }
}

TEST_CASE("exported per-trial availability of one component: A = MTBF / (MTBF + MTTR)",
          "[exports]") {
  // The notebook's view: the mean of the column, with the interval of its own spread, against
  // the closed form (minutes-scale times, so the start-up transient is far inside the interval).
  const Topology topology(parse_scenario(R"({"name": "t", "settings": {"horizon": "1y"},
      "service": "a", "components": [{"name": "a", "mtbf": "999m", "mttr": "1m"}]})",
                                         "test.json"));
  RunOptions options = options_from(topology.scenario().settings);
  options.trials = 300;
  MemorySink sink;
  options.exports = &sink;
  const Results r = summarize(topology, options, run_trials(topology, options));
  const auto availability = Table(sink.trials).values("availability");
  REQUIRE(availability.size() == 300);
  check_within_interval(estimate_mean(availability), 999.0 / 1000.0);
  CHECK(estimate_mean(availability).half_width == Approx(r.availability.half_width).epsilon(1e-9));
}

TEST_CASE("exports of a --precision run hold every round's trials, as a plain run's would",
          "[exports][precision]") {
  const Topology topology(load_scenario(
      (std::filesystem::path(RESIM_SOURCE_DIR) / "scenarios/single-zone-web.json").string()));
  RunOptions options = options_from(topology.scenario().settings);
  options.trials = 64;
  options.threads = 2;
  MemorySink rounds;
  options.exports = &rounds;
  const PrecisionRun run =
      run_to_precision(topology, options, {parse_precision_goal("availability=1e-4")}, 100000);
  REQUIRE(run.trials > 64);
  RunOptions plain = options;
  MemorySink once;
  plain.exports = &once;
  run_trials(topology, plain);
  CHECK(Table(rounds.trials).rows.size() == static_cast<std::size_t>(run.trials));
  CHECK(rounds.trials == once.trials);
  CHECK(rounds.incidents == once.incidents);
}

TEST_CASE("a sink that fails stops the run with its error, on any thread count", "[exports]") {
  class Failing : public MemorySink {
   public:
    void write_chunk(const std::string& a, const std::string& b) override {
      if (calls == 3) throw std::runtime_error("cannot write 'x.csv': disk full");
      MemorySink::write_chunk(a, b);
    }
  };
  const Topology topology(load_scenario(
      (std::filesystem::path(RESIM_SOURCE_DIR) / "scenarios/single-zone-web.json").string()));
  for (const int threads : {1, 3}) {
    RunOptions options = options_from(topology.scenario().settings);
    options.trials = 2000;
    options.threads = threads;
    Failing sink;
    options.exports = &sink;
    CHECK_THROWS_WITH(run_trials(topology, options), "cannot write 'x.csv': disk full");
    CHECK(sink.calls == 3);
  }
}

TEST_CASE("resim run --trials-csv/--incidents-csv: files, standard output, refusals",
          "[exports][cli]") {
  using cli_harness::quoted;
  using cli_harness::slurp;
  const cli_harness::TempDir dir;
  const std::string scenario =
      quoted((std::filesystem::path(RESIM_SOURCE_DIR) / "scenarios/two-region-active-passive.json")
                 .string());
  const std::string run = "run " + scenario + " -n 300 -q ";
  REQUIRE(cli_harness::resim(run + "--trials-csv " + quoted(dir.file("t.csv")) +
                             " --incidents-csv " + quoted(dir.file("i.csv")))
              .code == 0);
  const std::string trials = slurp(dir.file("t.csv"));
  CHECK(trials.rfind(trials_csv_header(), 0) == 0);
  CHECK(Table(trials).rows.size() == 300);
  CHECK(slurp(dir.file("i.csv")).rfind(incidents_csv_header(), 0) == 0);

  // '-' is standard output, the same bytes.
  const auto out = cli_harness::resim(run + "--trials-csv -");
  CHECK(out.code == 0);
  CHECK(out.out == trials);

  // A write that fails mid-run leaves neither file: both appear whole or not at all.
  const auto full = cli_harness::resim(run + "--trials-csv " + quoted(dir.file("t2.csv")) +
                                       " --incidents-csv /dev/full");
  CHECK(full.code == 2);
  CHECK_THAT(full.err, Catch::Contains("cannot write '/dev/full'"));
  CHECK_FALSE(std::filesystem::exists(dir.file("t2.csv")));
  CHECK(dir.entries().size() == 2);  // t.csv, i.csv: no temporary left behind

  // Two streams on standard output would interleave; one file for both would be overwritten.
  const auto both = cli_harness::resim(run + "--trials-csv - --incidents-csv -");
  CHECK(both.code == 2);
  CHECK_THAT(both.err, Catch::Contains("only one output may go to standard output"));
  const auto same = cli_harness::resim(run + "--trials-csv " + quoted(dir.file("x.csv")) +
                                       " --incidents-csv " + quoted(dir.file("x.csv")));
  CHECK(same.code == 2);
  CHECK_THAT(same.err, Catch::Contains("is also the --trials-csv file"));
  const auto missing =
      cli_harness::resim(run + "--incidents-csv " + quoted(dir.file("no/such/i.csv")));
  CHECK(missing.code == 2);
  CHECK_THAT(missing.err, Catch::Contains("does not exist"));
}

}  // namespace
}  // namespace resim::test
