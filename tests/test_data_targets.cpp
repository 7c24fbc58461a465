// Targets on datasets inside target sets and SLA tiers (issue 10): rto, rpo and unrecoverable,
// judged per SLA period like every other target, against closed forms.
#include <cmath>

#include "engine_harness.h"

namespace resim::test {
namespace {

constexpr double HOUR = 3600.0;
constexpr double T = 4.0 * HOUR;  // the backup period

// A dataset on a component that never fails, full backups every 4 h kept in a vault, and one
// target set `tier` whose only target entry is `target` (on the dataset unless it says).
std::string tier_scenario(const std::string& dataset_extra, const std::string& target,
                          const std::string& period = "month", const std::string& keep = "1000",
                          const std::string& horizon = "1y") {
  return R"({"name": "t", "settings": {"horizon": ")" + horizon +
         R"("}, "service": "db",
    "target_sets": [{"name": "tier", "period": ")" +
         period + R"(", "targets": [{"on": "orders", )" + target + R"(}]}],
    "components": [{"name": "db", "mtbf": "1000000y", "mttr": "1h"}],
    "locations": [{"name": "vault"}],
    "datasets": [{"name": "orders", "on": "db")" +
         (dataset_extra.empty() ? "" : ", " + dataset_extra) + R"(}],
    "backups": [{"name": "full", "dataset": "orders", "type": "full", "schedule": "every 4h",
                 "keep": {"count": )" +
         keep + R"(}, "stored_in": "vault"}]})";
}

// Corruption detected at once, U(0, 400 h) after the previous restore: a phase against the
// 4-hourly schedule that is exactly uniform, and at least one incident in every month.
const std::string UNIFORM_CORRUPTION =
    R"("threats": [{"kind": "corruption", "ttf": {"dist": "uniform", "min": "0s", "max": "400h"}, "detection": "0s"}])";

// 100 GB at 50 GB/h after a 10 min overhead: every restore takes exactly 2 h 10 min.
const std::string CONSTANT_RESTORE =
    R"("size": "100GB", "restore": {"overhead": "10m", "throughput": "50GB/h"})";

const TargetResult& tier_target(const Run& run) {
  REQUIRE(run.results.target_sets.size() == 1);
  REQUIRE(run.results.target_sets[0].targets.size() == 1);
  return run.results.target_sets[0].targets[0];
}

TEST_CASE("constant restore time: a dataset rto at it is met, below it missed, every month",
          "[data_targets]") {
  const std::string data = UNIFORM_CORRUPTION + ", " + CONSTANT_RESTORE;
  const auto at = simulate(tier_scenario(data, R"("rto": "130m")"), 50, 31);
  const TargetResult& met = tier_target(at);
  CHECK(met.on_dataset);
  CHECK(met.kind == TargetKind::RTO);
  REQUIRE(met.observed > 1000);
  CHECK(met.observed == at.results.datasets.at(0).incidents);
  CHECK(met.verdict == Verdict::MET);
  CHECK(met.share_within == 1.0);
  CHECK(met.achieved == Approx(2.0 * HOUR + 600.0).epsilon(1e-12));
  CHECK(met.period_probability == 1.0);
  CHECK(met.periods == 50 * 12);

  const auto below = simulate(tier_scenario(data, R"("rto": "2h")"), 50, 31);
  const TargetResult& missed = tier_target(below);
  CHECK(missed.verdict == Verdict::MISSED);
  CHECK(missed.share_within == 0.0);
  // Every month has an incident (at most 400 h apart), and each misses the target.
  CHECK(missed.period_probability == 0.0);
}

TEST_CASE("backups every T, uniform loss: the rpo p95 (0.95 T) decides a target either side",
          "[data_targets]") {
  // The RPO is uniform on (0, T): the share within r is r / T. At the 95 % quantile a target of
  // 0.97 T is met and one of 0.93 T missed; the shares match r / T within their intervals.
  for (const double r : {0.97, 0.93}) {
    const std::string rpo = std::to_string(static_cast<int>(r * T)) + "s";
    const auto run =
        simulate(tier_scenario(UNIFORM_CORRUPTION,
                               R"("rpo": ")" + rpo + R"(", "rpo_quantile": 0.95)", "year"),
                 400, 32);
    const TargetResult& t = tier_target(run);
    REQUIRE(t.observed > 5000);
    const double half = (t.achieved_ci.high - t.achieved_ci.low) / 2.0 * WIDEN_95_TO_999;
    INFO("rpo " << rpo << ": share within " << t.share_within << ", exact " << r);
    CHECK(std::fabs(t.share_within - r) <= half);
    CHECK(t.verdict == (r > 0.95 ? Verdict::MET : Verdict::MISSED));
    CHECK(std::fabs(t.achieved - 0.95 * T) <= 0.01 * T);
  }
}

TEST_CASE("a dataset lost for good in every incident: unrecoverable missed, no month met",
          "[data_targets]") {
  // Retention (the last backup only, 4 h) is shorter than the 3-day detection: nothing left.
  const auto run = simulate(
      tier_scenario(
          R"("threats": [{"kind": "ransomware", "ttf": {"dist": "uniform", "min": "0s", "max": "400h"}, "detection": "3d"}])",
          R"("unrecoverable": 0.0001, "rpo": "1d", "rpo_quantile": 0.5)", "month", "1"),
      50, 33);
  const auto& set = run.results.target_sets.at(0);
  REQUIRE(set.targets.size() == 2);
  const TargetResult& rpo = set.targets[0];
  const TargetResult& lost = set.targets[1];
  CHECK(rpo.kind == TargetKind::RPO);
  // A loss for good is beyond any rpo.
  CHECK(rpo.verdict == Verdict::MISSED);
  CHECK(rpo.share_within == 0.0);
  CHECK(lost.kind == TargetKind::UNRECOVERABLE);
  CHECK(lost.verdict == Verdict::MISSED);
  CHECK(lost.achieved == 1.0);
  CHECK(lost.period_probability == 0.0);
  CHECK(lost.observed == run.results.datasets.at(0).unrecoverable);
  CHECK(set.verdict == Verdict::MISSED);
}

TEST_CASE("one incident a year lost with probability p: unrecoverable per year judged on p",
          "[data_targets]") {
  // Corruption strikes once a year, at 6000 h, on the schedule; only the last backup is kept, so
  // a failed restore (probability p) leaves nothing to fall back to.
  const double p = 0.3;
  const std::string data =
      R"("threats": [{"kind": "corruption", "ttf": {"dist": "constant", "value": "6000h"}, "detection": "0s"}],
         "restore": {"failure_probability": 0.3})";
  for (const double target : {0.25, 0.35}) {
    const auto run =
        simulate(tier_scenario(data, R"("unrecoverable": )" + std::to_string(target), "year", "1"),
                 4000, 34);
    const TargetResult& t = tier_target(run);
    CHECK(t.periods == 4000);
    const double half = (t.achieved_ci.high - t.achieved_ci.low) / 2.0 * WIDEN_95_TO_999;
    INFO("achieved " << t.achieved << " [" << t.achieved_ci.low << ", " << t.achieved_ci.high
                     << "], exact " << p);
    CHECK(std::fabs(t.achieved - p) <= half);
    CHECK(t.period_probability == Approx(1.0 - t.achieved).epsilon(1e-12));
    CHECK(t.verdict == (target > p ? Verdict::MET : Verdict::MISSED));
  }
}

TEST_CASE("no loss in n periods: unrecoverable met only when 3.84 / n reaches the target",
          "[data_targets]") {
  // Nothing strikes: 100 one-year trials are 1200 months without a loss.
  const auto met = simulate(tier_scenario("", R"("unrecoverable": 0.01)"), 100, 35);
  CHECK(tier_target(met).verdict == Verdict::MET);
  CHECK(tier_target(met).achieved == 0.0);
  const auto open = simulate(tier_scenario("", R"("unrecoverable": 0.0001)"), 100, 35);
  const TargetResult& t = tier_target(open);
  CHECK(t.verdict == Verdict::INCONCLUSIVE);
  REQUIRE(t.trials_to_settle);
  // 3.84 / 1e-4 months, 12 a trial.
  CHECK(*t.trials_to_settle == static_cast<std::int64_t>(std::ceil(3.84 / 1e-4 / 12.0)));
  // A dataset rto with no restore at all has nothing to judge.
  const auto none = simulate(tier_scenario("", R"("rto": "1h")"), 10, 35);
  CHECK(tier_target(none).verdict == Verdict::INCONCLUSIVE);
  CHECK(tier_target(none).observed == 0);
}

TEST_CASE("dataset targets that cannot be judged name the place and the fix", "[data_targets]") {
  check_error(tier_scenario("", R"("availability": 0.999)"),
              "/target_sets/0/targets/0/availability", "set it on 'db'");
  std::string on_component = tier_scenario("", R"("unrecoverable": 0.001)");
  on_component.replace(on_component.find(R"("on": "orders")"), 14, R"("on": "db")");
  check_error(on_component, "/target_sets/0/targets/0/unrecoverable", "names a dataset");
  std::string typo = tier_scenario("", R"("rpo": "1h")");
  typo.replace(typo.find(R"("on": "orders")"), 14, R"("on": "ordres")");
  check_error(typo, "/target_sets/0/targets/0/on", "did you mean 'orders'");
  std::string clash = tier_scenario("", R"("rpo": "1h")");
  clash.replace(clash.find(R"({"name": "db")"), 13, R"({"name": "orders")");
  clash.replace(clash.find(R"("service": "db")"), 15, R"("service": "orders")");
  clash.replace(clash.find(R"("on": "db")"), 10, R"("on": "orders")");
  check_error(clash, "/target_sets/0/targets/0/on", "rename the dataset");
}

}  // namespace
}  // namespace resim::test
