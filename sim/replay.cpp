#include "sim/replay.h"

#include <limits>

#include "models/work_estimate.h"

namespace resim {

Timeline replay_trial(const Topology& topology, const RunOptions& options, std::uint64_t trial) {
  TrialSimulator simulator(topology, options.horizon_s, options.seed);
  // The same backstop as the run's, so a trial that ran away there runs away here too.
  simulator.set_event_limit(trial_event_limit(estimate_work(topology, options.horizon_s, 1)));
  TimelineRecorder recorder(topology, options.horizon_s);
  simulator.set_trace(&recorder);
  ChunkAccumulator sink(topology);
  try {
    simulator.run(trial, sink);
  } catch (const RunawayTrial& runaway) {
    throw_runaway_trial(topology, runaway.process, runaway.failover_group, runaway.trial,
                        runaway.limit);
  }
  return recorder.timeline();
}

std::vector<TrialOutcome> trial_outcomes(const Topology& topology, const RunOptions& options) {
  const std::int64_t chunks = chunk_count(options.trials);
  std::vector<TrialOutcome> outcomes(static_cast<std::size_t>(options.trials));
  // A chunk's trials reach the observer in trial order, on the one thread running that chunk.
  std::vector<std::int64_t> seen(static_cast<std::size_t>(chunks), 0);
  std::vector<RunData> runs;
  run_chunks({&topology}, options, 0, chunks, runs,
             [&](std::int64_t chunk, const std::vector<TrialOutcome>& trial) {
               const std::int64_t t =
                   chunk * CHUNK_TRIALS + seen[static_cast<std::size_t>(chunk)]++;
               outcomes[static_cast<std::size_t>(t)] = trial.front();
             });
  return outcomes;
}

std::optional<WorstBy> parse_worst_by(const std::string& text) {
  if (text == "availability") return WorstBy::AVAILABILITY;
  if (text == "rto") return WorstBy::RTO;
  if (text == "rpo") return WorstBy::RPO;
  return std::nullopt;
}

const char* to_string(WorstBy by) {
  switch (by) {
    case WorstBy::AVAILABILITY:
      return "availability";
    case WorstBy::RTO:
      return "rto";
    case WorstBy::RPO:
      return "rpo";
  }
  return "availability";
}

namespace {

// Larger is worse; 0 for a trial with nothing to show.
double badness(const TrialOutcome& o, WorstBy by) {
  switch (by) {
    case WorstBy::AVAILABILITY:
      return o.downtime_s;
    case WorstBy::RTO:
      return o.longest_outage_s;
    case WorstBy::RPO:
      return o.data_lost_for_good ? std::numeric_limits<double>::infinity() : o.data_loss_s;
  }
  return 0.0;
}

}  // namespace

std::optional<std::uint64_t> worst_trial(const std::vector<TrialOutcome>& outcomes, WorstBy by) {
  std::optional<std::uint64_t> worst;
  double worst_value = 0.0;
  for (std::size_t t = 0; t < outcomes.size(); ++t) {
    const double value = badness(outcomes[t], by);
    if (value > worst_value) {
      worst = t;
      worst_value = value;
    }
  }
  return worst;
}

}  // namespace resim
