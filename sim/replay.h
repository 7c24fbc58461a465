// resim replay: one trial of a run simulated again with a trace, and the first pass that finds
// the worst trial. Trial t of a run draws from the streams of (seed, t) alone, so simulating it
// again on its own gives exactly what the run simulated for it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/topology.h"
#include "sim/runner.h"
#include "sim/timeline.h"

namespace resim {

// Trial `trial` of the run `options` describes (its seed and horizon), with its timeline.
Timeline replay_trial(const Topology& topology, const RunOptions& options, std::uint64_t trial);

// What every trial of the run produced, in trial order, on options.threads threads.
std::vector<TrialOutcome> trial_outcomes(const Topology& topology, const RunOptions& options);

// What --worst ranks trials by: the lowest availability (the most downtime, planned included),
// the longest unplanned outage, the largest loss of data (a restore that found nothing to
// recover from counts as larger than any).
enum class WorstBy { AVAILABILITY, RTO, RPO };
std::optional<WorstBy> parse_worst_by(const std::string& text);
const char* to_string(WorstBy by);

// The worst trial by `by`, the first of equals; nullopt when no trial had any downtime, outage
// or data loss.
std::optional<std::uint64_t> worst_trial(const std::vector<TrialOutcome>& outcomes, WorstBy by);

}  // namespace resim
