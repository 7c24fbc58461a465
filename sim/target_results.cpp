#include "sim/target_results.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "models/duration.h"
#include "sim/runner.h"

namespace resim {

namespace {

std::string percent(double share, int digits = 4) {
  std::ostringstream out;
  out.precision(digits);
  out << share * 100.0 << "%";
  return out.str();
}

std::int64_t clamp_trials(double needed) {
  return static_cast<std::int64_t>(std::ceil(std::min(needed, 1e12)));
}

// Trials that would shrink an interval of half-width `half_width` to the gap between the
// estimate and the target, from the CLT scaling n ~ 1/w^2.
std::optional<std::int64_t> trials_to_decide(std::int64_t trials, double half_width, double gap) {
  if (!(gap > 0.0) || !std::isfinite(half_width)) return std::nullopt;
  return clamp_trials(static_cast<double>(trials) * std::pow(half_width / gap, 2.0));
}

std::string verdict_word(const TargetResult& t) {
  return t.verdict == Verdict::MET      ? "met"
         : t.verdict == Verdict::MISSED ? "missed"
                                        : "inconclusive";
}

void judge_availability(const TargetTally& tally, std::int64_t trials, TargetResult& t) {
  const Estimate u = estimate_mean(tally.values);  // of the unavailability: its digits are kept
  Estimate e = u;
  e.mean = 1.0 - u.mean;
  t.achieved = e.mean;
  if (tally.observed == 0) {
    // Nothing to measure an interval from. With no outage in n independent horizons, the chance
    // that a horizon has any downtime is below 3/n with 95 % confidence (rule of three), and a
    // horizon's unavailability is at most 1: so the mean availability is above 1 - 3/n.
    const double bound = 1.0 - 3.0 / static_cast<double>(trials);
    t.achieved_ci = Interval{std::max(0.0, bound), 1.0};
    t.verdict = bound >= t.target ? Verdict::MET : Verdict::INCONCLUSIVE;
    t.detail = "no outage observed in " + std::to_string(trials) +
               " trials: the availability is above " + percent(bound, 8) +
               " with 95% confidence (rule of three)";
    if (t.verdict == Verdict::INCONCLUSIVE) {
      t.trials_to_settle = clamp_trials(3.0 / (1.0 - t.target));
      t.detail += ", which does not prove " + percent(t.target, 8);
    }
    return;
  }
  t.achieved_ci = Interval{e.low(), e.high()};
  const bool met = e.mean >= t.target;
  const bool conclusive = t.target < e.low() || t.target > e.high();
  t.verdict = !conclusive ? Verdict::INCONCLUSIVE : met ? Verdict::MET : Verdict::MISSED;
  t.detail = "mean availability " + percent(t.achieved, 8) + " against a target of " +
             percent(t.target, 8);
  if (!conclusive) {
    t.trials_to_settle = trials_to_decide(trials, e.half_width, std::fabs(e.mean - t.target));
    t.detail += "; the 95% interval contains the target";
  }
}

// rto and rpo: met when at least `quantile` of the incidents are within the target.
void judge_quantile(const TargetTally& tally, std::int64_t trials, const std::string& noun,
                    TargetResult& t) {
  const std::int64_t n = tally.observed;
  t.achieved = tally.values.quantile(t.quantile);
  t.achieved_ci = wilson_interval(tally.within, n);
  t.share_within = n > 0 ? static_cast<double>(tally.within) / static_cast<double>(n) : 1.0;
  if (n == 0) {
    t.verdict = Verdict::INCONCLUSIVE;
    t.detail = "no " + noun + " observed, so none to judge: run more trials";
    return;
  }
  const bool met = t.share_within >= t.quantile;
  const bool conclusive = t.quantile < t.achieved_ci.low || t.quantile > t.achieved_ci.high;
  t.verdict = !conclusive ? Verdict::INCONCLUSIVE : met ? Verdict::MET : Verdict::MISSED;
  t.detail = percent(t.share_within) + " of " + std::to_string(n) + " " + noun + "s within " +
             format_duration(t.target) + " (target: " + percent(t.quantile) + ")";
  if (!conclusive) {
    const double half_width = (t.achieved_ci.high - t.achieved_ci.low) / 2.0;
    t.trials_to_settle =
        trials_to_decide(trials, half_width, std::fabs(t.share_within - t.quantile));
    t.detail += "; the 95% interval of that share contains the target";
  }
}

// The probability that an SLA period loses the dataset's data for good, with the Wilson
// interval over all simulated periods: met when the whole interval is at most the target.
void judge_unrecoverable(const TargetTally& tally, std::int64_t trials, TargetResult& t) {
  const std::int64_t lost = tally.periods - tally.periods_met;
  t.achieved =
      tally.periods > 0 ? static_cast<double>(lost) / static_cast<double>(tally.periods) : 0.0;
  t.achieved_ci = wilson_interval(lost, tally.periods);
  const bool met = t.achieved_ci.high <= t.target;
  const bool missed = t.achieved_ci.low > t.target;
  t.verdict = met ? Verdict::MET : missed ? Verdict::MISSED : Verdict::INCONCLUSIVE;
  t.detail = std::to_string(lost) + " of " + std::to_string(tally.periods) + " " +
             to_string(t.period) + "s lost the data for good (" + percent(t.achieved) +
             ", 95% CI " + percent(t.achieved_ci.low) + " – " + percent(t.achieved_ci.high) +
             ") against at most " + percent(t.target);
  if (t.verdict != Verdict::INCONCLUSIVE) return;
  // With no loss in n periods the Wilson upper end is about 3.84 / n.
  const double periods_per_trial =
      static_cast<double>(tally.periods) / static_cast<double>(std::max<std::int64_t>(trials, 1));
  t.trials_to_settle =
      lost == 0 ? clamp_trials(3.84 / t.target / periods_per_trial)
                : trials_to_decide(trials, (t.achieved_ci.high - t.achieved_ci.low) / 2.0,
                                   std::fabs(t.achieved - t.target));
  t.detail += "; the 95% interval contains the target";
}

}  // namespace

const char* to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::MET:
      return "met";
    case Verdict::MISSED:
      return "missed";
    case Verdict::INCONCLUSIVE:
      return "inconclusive";
  }
  return "inconclusive";
}

Verdict worse(Verdict a, Verdict b) {
  if (a == Verdict::MISSED || b == Verdict::MISSED) return Verdict::MISSED;
  if (a == Verdict::INCONCLUSIVE || b == Verdict::INCONCLUSIVE) return Verdict::INCONCLUSIVE;
  return Verdict::MET;
}

std::vector<TargetSetResult> judge_targets(const Topology& topology, const RunOptions& options,
                                           const RunData& data) {
  std::vector<TargetSetResult> sets;
  std::size_t index = 0;
  const TargetTally empty;
  for (const auto& set : topology.scenario().target_sets) {
    TargetSetResult s{set.name, set.description, set.period, Verdict::MET, {}};
    for (const auto& target : set.targets) {
      const TargetTally& tally =
          index < data.totals.targets.size() ? data.totals.targets[index] : empty;
      ++index;
      TargetResult t;
      t.set = set.name;
      t.on = target.on;
      t.on_dataset = target.dataset >= 0;
      t.kind = target.kind;
      t.period = set.period;
      t.target = target.value;
      t.quantile = target.quantile;
      t.exclude_planned = target.exclude_planned;
      t.observed = tally.observed;
      t.periods = tally.periods;
      t.period_probability = tally.periods > 0 ? static_cast<double>(tally.periods_met) /
                                                     static_cast<double>(tally.periods)
                                               : 0.0;
      t.period_probability_ci = wilson_interval(tally.periods_met, tally.periods);
      switch (target.kind) {
        case TargetKind::AVAILABILITY:
          judge_availability(tally, options.trials, t);
          break;
        case TargetKind::RTO:
          judge_quantile(tally, options.trials,
                         target.dataset >= 0 ? "restore" : "unplanned outage", t);
          break;
        case TargetKind::RPO:
          judge_quantile(tally, options.trials, target.dataset >= 0 ? "restore" : "promotion", t);
          break;
        case TargetKind::UNRECOVERABLE:
          judge_unrecoverable(tally, options.trials, t);
          break;
      }
      t.detail = verdict_word(t) + ": " + t.detail;
      if (t.trials_to_settle)
        t.detail += " (about " + std::to_string(*t.trials_to_settle) + " trials would settle it)";
      s.verdict = worse(s.verdict, t.verdict);
      s.targets.push_back(std::move(t));
    }
    sets.push_back(std::move(s));
  }
  return sets;
}

}  // namespace resim
