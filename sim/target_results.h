// Verdicts on targets: met, missed or inconclusive, with the achieved figure, its interval and
// the probability that an SLA period meets the target. What a review and a CI gate act on.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/targets.h"
#include "sim/statistics.h"

namespace resim {

struct RunData;
struct RunOptions;
class Topology;

// INCONCLUSIVE: the interval of the judged figure contains the target, or nothing was
// observed to judge it by; it never passes a gate.
enum class Verdict { MET, MISSED, INCONCLUSIVE };

const char* to_string(Verdict verdict);  // "met", "missed", "inconclusive"

// The worse of two verdicts: missed over inconclusive over met.
Verdict worse(Verdict a, Verdict b);

struct TargetResult {
  std::string set;
  std::string on;           // the element judged
  bool on_dataset = false;  // `on` is a dataset: rto, rpo, unrecoverable over its restores
  TargetKind kind = TargetKind::AVAILABILITY;
  SlaPeriod period = SlaPeriod::YEAR;
  double target = 0.0;    // availability, seconds for rto and rpo, a probability per period
  double quantile = 0.0;  // rto, rpo
  bool exclude_planned = false;
  // mean availability, the quantile of durations (s), or the share of periods that lost data
  // for good (unrecoverable)
  double achieved = 0.0;
  Interval achieved_ci;       // availability, unrecoverable: its interval; rto, rpo: that of
                              // share_within
  double share_within = 0.0;  // rto, rpo: the share of outages / promotions within the target
  // outages (availability, rto), promotions (rpo), or a dataset's restores (unrecoverable:
  // those that lost the data for good) judged
  std::int64_t observed = 0;
  Verdict verdict = Verdict::INCONCLUSIVE;
  double period_probability = 0.0;  // share of simulated SLA periods that meet the target
  Interval period_probability_ci;
  std::int64_t periods = 0;
  std::optional<std::int64_t> trials_to_settle;  // inconclusive: about this many would decide
  std::string detail;                            // one sentence for people
};

struct TargetSetResult {
  std::string name;
  std::string description;
  SlaPeriod period = SlaPeriod::YEAR;
  Verdict verdict = Verdict::MET;
  std::vector<TargetResult> targets;
};

std::vector<TargetSetResult> judge_targets(const Topology& topology, const RunOptions& options,
                                           const RunData& data);

}  // namespace resim
