// The event queue against a reference: a std::set ordered by (time, sequence), driven the way
// the engine drives the queue (the top stays while it is handled; its owner may reschedule it;
// other slots replace their pending events in place), over event times that are spread evenly,
// tied, clustered far apart in scale, and infinite.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <set>
#include <tuple>
#include <vector>

#include "sim/event_queue.h"
#include "sim/random.h"

namespace {

using resim::Event;
using resim::EventKind;
using resim::EventQueue;
using resim::RandomStream;

using Key = std::tuple<double, std::uint64_t, std::uint32_t>;  // time, sequence, slot

// The reference: one pending key per slot, the earliest first.
struct Reference {
  std::set<Key> order;
  std::vector<Key> pending;
  std::vector<bool> queued;
  explicit Reference(std::size_t slots) : pending(slots), queued(slots, false) {}
  void push(double time, std::uint64_t sequence, std::uint32_t slot) {
    if (queued[slot]) order.erase(pending[slot]);
    pending[slot] = {time, sequence, slot};
    queued[slot] = true;
    order.insert(pending[slot]);
  }
  void finish(std::uint32_t slot, std::uint64_t sequence) {
    if (!queued[slot] || std::get<1>(pending[slot]) != sequence) return;
    order.erase(pending[slot]);
    queued[slot] = false;
  }
};

// Times a process schedules ahead of `now`, drawn from a mix chosen by `shape`.
double ahead(RandomStream& stream, int shape) {
  switch (shape) {
    case 0:
      return stream.exponential(3600.0);
    case 1:
      return std::floor(stream.uniform() * 4.0) * 60.0;  // many ties, zero delays too
    case 2:  // seconds and decades mixed: the width is wrong for one of them
      return stream.uniform() < 0.5 ? stream.exponential(1.0) : stream.exponential(3.0e8);
    default:  // now and then never
      return stream.uniform() < 0.05 ? std::numeric_limits<double>::infinity()
                                     : stream.exponential(600.0);
  }
}

void drive(std::size_t slots, int shape, std::size_t events) {
  EventQueue queue;
  queue.configure(slots, 0);
  RandomStream stream(1000 + 17 * slots + static_cast<std::uint64_t>(shape));
  // Three trials through one queue, as a simulator reuses it: clear() must forget everything
  // and the tuning carried over must not change the order.
  for (int trial = 0; trial < 3; ++trial) {
    queue.clear();
    Reference reference(slots);
    std::uint64_t sequence = 0;
    for (std::uint32_t s = 0; s < slots; ++s) {
      const double time = ahead(stream, shape);
      REQUIRE(queue.push(time, s, EventKind::FAIL) == sequence);
      reference.push(time, sequence++, s);
    }
    for (std::size_t i = 0; i < events && !queue.empty(); ++i) {
      REQUIRE(queue.size() == reference.order.size());
      const Event top = queue.top();
      const Key& expected = *reference.order.begin();
      REQUIRE(top.time == std::get<0>(expected));
      REQUIRE(top.sequence == std::get<1>(expected));
      REQUIRE(top.target == std::get<2>(expected));
      if (std::isinf(top.time)) break;
      // The owner reschedules itself most of the time; sometimes another slot moves (earlier
      // or later) as a failover group's would; sometimes nothing is scheduled.
      const double u = stream.uniform();
      if (u < 0.8) {
        const double time = top.time + ahead(stream, shape);
        queue.push(time, top.target, EventKind::FAIL);
        reference.push(time, sequence++, top.target);
      } else if (u < 0.95) {
        const auto other =
            static_cast<std::uint32_t>(stream.uniform() * static_cast<double>(slots));
        const double time = top.time + ahead(stream, shape);
        queue.push(time, other, EventKind::FAIL);
        reference.push(time, sequence++, other);
      }
      queue.finish(top);
      reference.finish(top.target, top.sequence);
    }
  }
}

}  // namespace

TEST_CASE("event queue pops in (time, sequence) order like a reference set", "[event_queue]") {
  for (const std::size_t slots : {1, 2, 7, 64, 1000})
    for (int shape = 0; shape < 4; ++shape) {
      INFO("slots " << slots << ", shape " << shape);
      drive(slots, shape, 20000);
    }
}

TEST_CASE("event queue keeps ties in insertion order and takes events earlier than the top",
          "[event_queue]") {
  EventQueue queue;
  queue.configure(4, 0);
  queue.push(10.0, 0, EventKind::FAIL);
  queue.push(10.0, 1, EventKind::FAIL);
  queue.push(5.0, 2, EventKind::FAIL);
  REQUIRE(queue.top().target == 2);
  // Before the first pop, a push earlier than the top takes its place.
  queue.push(1.0, 3, EventKind::FAIL);
  REQUIRE(queue.top().target == 3);
  queue.finish(queue.top());
  REQUIRE(queue.top().target == 2);
  queue.finish(queue.top());
  // Equal times: the one scheduled first comes first; rescheduling slot 0 at the same time
  // sends it behind slot 1.
  REQUIRE(queue.top().target == 0);
  const Event zero = queue.top();
  queue.push(10.0, 0, EventKind::FAIL);
  queue.finish(zero);
  REQUIRE(queue.top().target == 1);
  queue.finish(queue.top());
  REQUIRE(queue.top().target == 0);
  queue.finish(queue.top());
  REQUIRE(queue.empty());
}

TEST_CASE("event queue slots of processes, failover groups and backups are apart",
          "[event_queue]") {
  EventQueue queue;
  queue.configure(2, 1, 1);
  queue.push(3.0, 0, EventKind::FAIL);
  queue.push(2.0, 0, EventKind::DETECTED);  // group 0: its own slot, not process 0's
  queue.push(1.0, 0, EventKind::THREAT);
  REQUIRE(queue.size() == 3);
  REQUIRE(queue.top().kind == EventKind::THREAT);
  queue.finish(queue.top());
  REQUIRE(queue.top().kind == EventKind::DETECTED);
  queue.finish(queue.top());
  REQUIRE(queue.top().kind == EventKind::FAIL);
  queue.push(4.0, 0, EventKind::REPAIR);  // a process's repair replaces its failure
  REQUIRE(queue.size() == 1);
  REQUIRE(queue.top().kind == EventKind::REPAIR);
}
