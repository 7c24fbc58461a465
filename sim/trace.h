// Watching one trial event by event (resim replay): the simulation tells a TraceSink what every
// event did. Off unless a sink is set (TrialSimulator::set_trace): the event loop then pays one
// null check per event and per state flip, and nothing else.
#pragma once

#include <cstdint>
#include <span>

#include "sim/accumulator.h"
#include "sim/backups.h"
#include "sim/event_queue.h"
#include "sim/failover.h"

namespace resim {

// The simulation right after an event was handled.
struct TraceStep {
  Event event;
  bool superseded;         // a failover event its group no longer expected: nothing happened
  bool service_up;         // the service (the topology's root)
  double served_fraction;  // of the demand, where demands are given; 1 while up without them
  double repair_due;       // FAIL: when the repair ends; infinity while queued for a crew
  std::span<const FailoverRecord> ended;    // failover incidents the event ended
  std::span<const RestoreRecord> restores;  // restores the event started
  const FailoverController* failover;       // the states after the event
  const BackupController* backups;
};

class TraceSink {
 public:
  virtual ~TraceSink() = default;
  virtual void trial_started(std::uint64_t trial) = 0;
  // A vertex went down (up = false) or came back while the event at `time` was handled; the
  // step of that event follows.
  virtual void flipped(std::uint32_t vertex, bool up, double time) = 0;
  virtual void handled(const TraceStep& step) = 0;
  // The trial ended at `end_time` (the horizon, or later when an outage ran past it).
  virtual void trial_finished(const TrialOutcome& outcome, double end_time) = 0;
};

}  // namespace resim
