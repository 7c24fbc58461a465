// Backups, retention, copies, archiving and restores against closed forms (issue 10).
//
// Most cases strike a dataset with corruption detected at once, at times whose phase against
// the backup schedule is exactly uniform: each occurrence comes U(0, 100 T) after the previous
// restore, and 100 T is a whole number of periods. The RPO is then the time since the last
// usable recovery point.
#include <cmath>

#include "engine_harness.h"

namespace resim::test {
namespace {

constexpr double HOUR = 3600.0;
constexpr double T = 4.0 * HOUR;  // the backup period of most cases

// A dataset on a component that never fails, with `threats`, `restore` and `backups` filled in.
std::string data_scenario(const std::string& dataset_extra, const std::string& backups,
                          const std::string& platform_extra = "") {
  return R"({"name": "t", "settings": {"horizon": "1y"}, "service": "db",)" + platform_extra +
         R"("components": [{"name": "db", "mtbf": "1000000y", "mttr": "1h"}],
    "locations": [{"name": "vault"}],
    "datasets": [{"name": "orders", "on": "db")" +
         (dataset_extra.empty() ? "" : ", " + dataset_extra) + R"(}],
    "backups": [)" +
         backups + "]}";
}

const std::string UNIFORM_CORRUPTION =
    R"("threats": [{"kind": "corruption", "ttf": {"dist": "uniform", "min": "0s", "max": "400h"}, "detection": "0s"}])";

std::string full_every(const std::string& period, const std::string& extra = "") {
  return R"({"name": "full", "dataset": "orders", "type": "full", "schedule": "every )" + period +
         R"(", "keep": {"count": 1000}, "stored_in": "vault")" + extra + "}";
}

const DatasetResult& dataset(const Run& run) {
  return run.results.datasets.at(0);
}

// A quantile q of n draws from uniform(a, a + w) lies within z·sqrt(q(1 − q)/n)·w of a + q·w
// (the order statistic's normal approximation), z at 99.9 %.
void check_uniform_quantile(double value, double q, double a, double w, std::int64_t n) {
  const double tolerance =
      3.2905267314919255 * std::sqrt(q * (1.0 - q) / static_cast<double>(n)) * w;
  INFO("quantile " << q << " = " << value << ", exact " << a + q * w << " ± " << tolerance);
  CHECK(std::fabs(value - (a + q * w)) <= tolerance);
}

TEST_CASE("backups every T, loss at a uniform moment: RPO uniform on (0, T)", "[backups]") {
  const auto run = simulate(data_scenario(UNIFORM_CORRUPTION, full_every("4h")), 300, 11);
  const DatasetResult& d = dataset(run);
  REQUIRE(d.incidents > 5000);
  CHECK(d.unrecoverable == 0);
  check_within_interval(d.rpo_mean_s, T / 2.0);
  check_uniform_quantile(d.rpo.p95_s, 0.95, 0.0, T, d.rpo.count);
  CHECK(d.rpo.max_s <= T);
  CHECK(d.rpo.max_s > 0.99 * T);
  // Without restore parameters a restore takes no time.
  CHECK(d.rto.max_s == 0.0);
}

TEST_CASE("independent job failures with probability q: P(RPO > kT) = q^k", "[backups]") {
  const double q = 0.4;
  for (int k = 1; k <= 3; ++k) {
    const std::string target =
        R"(, "targets": {"rpo": ")" + std::to_string(4 * k) + R"(h", "rpo_quantile": 0.5})";
    const auto run = simulate(data_scenario(UNIFORM_CORRUPTION + target,
                                            full_every("4h", R"(, "failure_probability": 0.4)")),
                              200, 20 + k);
    const DataTargetResult& t = dataset(run).targets.at(0);
    const double exact_within = 1.0 - std::pow(q, k);
    // Wilson 95 % interval widened to 99.9 % about the share.
    const double half = (t.achieved_ci.high - t.achieved_ci.low) / 2.0 * WIDEN_95_TO_999;
    INFO("k " << k << ": share within " << t.share_within << ", exact " << exact_within);
    CHECK(std::fabs(t.share_within - exact_within) <= half);
  }
}

TEST_CASE("constant archive lag L with the archive intact: RPO = L", "[backups]") {
  // Every failure of the single instance loses its disk: every replica is gone, and the
  // archive replayed onto the last daily full recovers up to 30 s before the loss. The full
  // runs 1 min, so no full newer than the archive's head is ever usable on its own.
  const auto replicas = simulate(
      R"({"name": "t", "settings": {"horizon": "1y"}, "service": "db",
      "components": [{"name": "db", "mtbf": "500h", "mttr": "1h"}],
      "locations": [{"name": "vault"}],
      "datasets": [{"name": "orders", "on": "db", "storage_loss_probability": 1}],
      "backups": [)" +
          full_every("1d", R"(, "duration": "1m")") +
          R"(, {"name": "wal", "dataset": "orders", "type": "archive", "lag": "30s",
            "keep": {"age": "7d"}, "stored_in": "vault"}]})",
      100, 3);
  const DatasetResult& d = dataset(replicas);
  REQUIRE(d.incidents > 1000);
  REQUIRE(d.kinds.size() == 1);
  CHECK(d.kinds[0].kind == DataIncidentKind::REPLICA_LOSS);
  CHECK(d.kinds[0].point_in_time == d.incidents);
  CHECK(d.rpo.p50_s == 30.0);
  CHECK(d.rpo.max_s == 30.0);
}

TEST_CASE("archive covering the corruption: recovery to just before it, RPO = detection delay",
          "[backups]") {
  const auto run = simulate(
      data_scenario(R"("threats": [{"kind": "operator_error", "mtbf": "30d", "detection": "2h"}])",
                    full_every("1d") + R"(, {"name": "wal", "dataset": "orders", "type": "archive",
                     "lag": "10s", "keep": {"age": "7d"}, "stored_in": "vault"})"),
      100, 4);
  const DatasetResult& d = dataset(run);
  REQUIRE(d.incidents > 500);
  CHECK(d.kinds.at(0).point_in_time == d.incidents);
  CHECK(d.rpo.p50_s == 2.0 * HOUR);
  CHECK(d.rpo.max_s == 2.0 * HOUR);
  CHECK(d.exposure.max_s == 2.0 * HOUR);
}

TEST_CASE("retention shorter than the detection delay: unrecoverable with probability 1",
          "[backups]") {
  const auto run = simulate(
      data_scenario(
          R"("threats": [{"kind": "ransomware", "mtbf": "20d", "detection": "3d"}])",
          R"({"name": "hourly", "dataset": "orders", "type": "full", "schedule": "every 1h",
                        "keep": {"age": "2d"}, "stored_in": "vault"})"),
      100, 5);
  const DatasetResult& d = dataset(run);
  REQUIRE(d.incidents > 500);
  CHECK(d.unrecoverable == d.incidents);
  CHECK(d.unrecoverable_per_horizon == 1.0);
  CHECK(d.unrecoverable_per_year == 1.0);
}

// One region destroyed by every outage, at a uniform phase against the 4-hourly schedule (8000 h
// is a whole number of periods); the dataset's only instance lives there.
const std::string DOOMED_REGION =
    R"("regions": [{"name": "east", "ttf": {"dist": "uniform", "min": "0s", "max": "8000h"},
                    "mttr": "1d", "destroy_probability": 1,
                    "zones": [{"name": "east-a"}]},
                   {"name": "west", "zones": [{"name": "west-a"}]}],)";

std::string doomed_scenario(const std::string& copies) {
  return R"({"name": "t", "settings": {"horizon": "1y"}, "service": "db", )" + DOOMED_REGION +
         R"("components": [{"name": "db", "zones": ["east-a"], "mtbf": "1000000y", "mttr": "1h"}],
    "datasets": [{"name": "orders", "on": "db"}],
    "backups": [{"name": "full", "dataset": "orders", "type": "full", "schedule": "every 4h",
                 "keep": {"count": 100}, "stored_in": "east")" +
         copies + "}]}";
}

TEST_CASE("backups stored only in a region destroyed with the data: unrecoverable", "[backups]") {
  const auto run = simulate(doomed_scenario(""), 300, 6);
  const DatasetResult& d = dataset(run);
  REQUIRE(d.incidents > 100);
  REQUIRE(d.kinds.size() == 1);
  CHECK(d.kinds[0].kind == DataIncidentKind::DESTRUCTION);
  CHECK(d.unrecoverable == d.incidents);
}

TEST_CASE("a cross-region copy after delay D survives: RPO uniform on (D, D + T)", "[backups]") {
  // The last backup whose copy has arrived started at most D + T before the loss.
  const auto run =
      simulate(doomed_scenario(R"(, "copies": [{"to": "west", "delay": "1h"}])"), 1500, 7);
  const DatasetResult& d = dataset(run);
  REQUIRE(d.incidents > 500);
  CHECK(d.unrecoverable == 0);
  check_within_interval(d.rpo_mean_s, HOUR + T / 2.0);
  CHECK(d.rpo.max_s <= HOUR + T);
  CHECK(d.rpo.table_s.front() >= HOUR);  // the minimum
}

TEST_CASE("constant restore overhead, size and throughput: RTO exact", "[backups]") {
  const auto run = simulate(data_scenario(UNIFORM_CORRUPTION + R"(, "size": "100GB",
        "restore": {"overhead": "10m", "throughput": "50GB/h"})",
                                          full_every("4h")),
                            50, 8);
  const DatasetResult& d = dataset(run);
  REQUIRE(d.incidents > 1000);
  CHECK(d.rto.p50_s == Approx(2.0 * HOUR + 600.0).epsilon(1e-12));
  CHECK(d.rto.table_s.front() == Approx(2.0 * HOUR + 600.0).epsilon(1e-12));
  CHECK(d.rto.max_s == Approx(2.0 * HOUR + 600.0).epsilon(1e-12));
}

TEST_CASE("incremental chains: each link adds a restore step", "[backups]") {
  // Daily full at 00:00 and incrementals every 4 h (00:00 ... 20:00), jobs instant. A loss in
  // the j-th 4-hour slot of the day restores the full and j incrementals (none in slot 0,
  // where the full is as new as the incremental): mean steps (0+2+3+4+5+6)/6 = 10/3.
  const auto run = simulate(
      data_scenario(
          R"("threats": [{"kind": "corruption", "ttf": {"dist": "uniform", "min": "0s", "max": "2400h"}, "detection": "0s"}],
        "restore": {"overhead": "1h", "per_incremental": "6m"})",
          R"({"name": "full", "dataset": "orders", "type": "full", "schedule": "daily at 00:00",
          "keep": {"age": "30d"}, "stored_in": "vault"},
         {"name": "incr", "dataset": "orders", "type": "incremental", "base": "full",
          "schedule": "every 4h", "keep": {"age": "30d"}, "stored_in": "vault"})"),
      1000, 9);
  const DatasetResult& d = dataset(run);
  REQUIRE(d.incidents > 2000);
  check_within_interval(d.kinds.at(0).rto_mean_s, HOUR + 10.0 / 3.0 * 360.0);
  check_within_interval(d.rpo_mean_s, T / 2.0);
  CHECK(d.rto.max_s == Approx(HOUR + 6 * 360.0).epsilon(1e-12));
}

TEST_CASE("an incremental whose chain aged out is not a recovery point", "[backups]") {
  // Keeping only the last 2 incrementals breaks every chain longer than 2: the restore falls
  // back to the full, so RPO is uniform over the day but for the first 3 slots.
  const auto run = simulate(
      data_scenario(
          R"("threats": [{"kind": "corruption", "ttf": {"dist": "uniform", "min": "0s", "max": "2400h"}, "detection": "0s"}])",
          R"({"name": "full", "dataset": "orders", "type": "full", "schedule": "daily at 00:00",
          "keep": {"age": "30d"}, "stored_in": "vault"},
         {"name": "incr", "dataset": "orders", "type": "incremental", "base": "full",
          "schedule": "every 4h", "keep": {"count": 2}, "stored_in": "vault"})"),
      1000, 10);
  // In slot j (0..5) of the day the two incrementals kept are those of slots j and j − 1. The
  // newest needs the j incrementals since 00:00: all kept for j ≤ 1, so the RPO is uniform on
  // (0, 4 h); from j = 2 the chains are broken and the full of 00:00 serves, RPO = time of day,
  // uniform on (4j h, 4j + 4 h). Mean = (2 + 2 + 10 + 14 + 18 + 22) h / 6 = 34/3 h.
  check_within_interval(dataset(run).rpo_mean_s, 34.0 / 3.0 * HOUR);
}

TEST_CASE("restore failure p with a fallback one period older: mean RPO + T·p/(1 − p)",
          "[backups]") {
  const double p = 0.3;
  const auto run =
      simulate(data_scenario(UNIFORM_CORRUPTION + R"(, "restore": {"failure_probability": 0.3})",
                             full_every("4h")),
               300, 12);
  const DatasetResult& d = dataset(run);
  REQUIRE(d.incidents > 5000);
  check_within_interval(d.rpo_mean_s, T / 2.0 + T * p / (1.0 - p));
  // Failed attempts per incident are geometric too: mean p / (1 − p).
  const double failed_per_incident =
      static_cast<double>(d.failed_restores) / static_cast<double>(d.incidents);
  const double sd = std::sqrt(p) / (1.0 - p) / std::sqrt(static_cast<double>(d.incidents));
  CHECK(std::fabs(failed_per_incident - p / (1.0 - p)) <= 3.29 * sd);
}

TEST_CASE("a restore holds the dataset's service down; read_only keeps it up", "[backups]") {
  const std::string restore =
      R"(, "size": "100GB", "restore": {"overhead": "10m", "throughput": "50GB/h"})";
  const auto down = simulate(data_scenario(UNIFORM_CORRUPTION + restore, full_every("4h")), 50, 13);
  const auto read_only =
      simulate(data_scenario(UNIFORM_CORRUPTION + restore + R"(, "on_corruption": "read_only")",
                             full_every("4h")),
               50, 13);
  // Down: every restore is an outage of exactly the restore time, attributed to the dataset.
  const auto& r = down.results;
  REQUIRE(r.outage_durations.count == dataset(down).incidents);
  CHECK(r.outage_durations.max_s == Approx(2.0 * HOUR + 600.0).epsilon(1e-12));
  CHECK(r.causes.at(0).kind == CauseKind::DATA);
  CHECK(read_only.results.outage_durations.count == 0);
  CHECK(dataset(read_only).incidents > 0);
}

TEST_CASE("data results are the same on any number of threads", "[backups]") {
  const std::string text =
      data_scenario(UNIFORM_CORRUPTION + R"(, "restore": {"failure_probability": 0.2})",
                    full_every("4h", R"(, "failure_probability": 0.1)"));
  const auto one = simulate(text, 200, 14, 1);
  const auto four = simulate(text, 200, 14, 4);
  CHECK(dataset(one).rpo_mean_s.mean == dataset(four).rpo_mean_s.mean);
  CHECK(dataset(one).rpo.p99_s == dataset(four).rpo.p99_s);
  CHECK(dataset(one).failed_restores == dataset(four).failed_restores);
}

TEST_CASE("schedules, sizes and rates as planners write them", "[backups]") {
  CHECK(parse_schedule("every 4h")->period_s == 4.0 * HOUR);
  CHECK(parse_schedule("daily at 02:30")->offset_s == 2.5 * HOUR);
  const auto weekly = parse_schedule("weekly on sunday at 03:00");
  REQUIRE(weekly);
  CHECK(weekly->period_s == 7.0 * 24.0 * HOUR);
  CHECK(weekly->offset_s == 6.0 * 24.0 * HOUR + 3.0 * HOUR);
  CHECK_FALSE(parse_schedule("daily at 25:00"));
  CHECK_FALSE(parse_schedule("sometimes"));
  CHECK(*parse_size("2TB") == 2e12);
  CHECK(*parse_rate("360GB/h") == 1e8);
  CHECK_FALSE(parse_rate("10GB"));
}

TEST_CASE("broken data sections name the place and the fix", "[backups]") {
  check_error(data_scenario(
                  "", R"({"name": "f", "dataset": "orders", "type": "full", "schedule": "every 4h",
    "keep": {"count": 3}, "stored_in": "vualt"})"),
              "/backups/0/stored_in", "did you mean 'vault'");
  check_error(data_scenario("", R"({"name": "i", "dataset": "orders", "type": "incremental",
    "schedule": "every 4h", "keep": {"count": 3}, "stored_in": "vault"})"),
              "/backups/0", "\"base\"");
  check_error(
      data_scenario("", R"({"name": "w", "dataset": "orders", "type": "archive", "lag": "1s",
    "keep": {"age": "1d"}, "stored_in": "vault"})"),
      "/backups/0", "base backup");
  check_error(
      data_scenario("", R"({"name": "f", "dataset": "orders", "type": "full", "schedule": "hourly",
    "keep": {"count": 3}, "stored_in": "vault"})"),
      "/backups/0/schedule", "daily at 02:00");
  check_error(data_scenario(
                  "", R"({"name": "f", "dataset": "orders", "type": "full", "schedule": "every 1d",
    "stored_in": "vault"})"),
              "/backups/0", "'keep'");
  check_error(
      R"({"name": "t", "service": "db", "components": [{"name": "db", "mtbf": "1y", "mttr": "1h"}],
    "datasets": [{"name": "orders", "on": "dbb"}]})",
      "/datasets/0/on", "did you mean 'db'");
}

}  // namespace
}  // namespace resim::test
