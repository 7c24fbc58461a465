// The pending events of a trial: an indexed 4-ary min-heap in one contiguous array, ordered by
// (time, insertion sequence). Each failure process and each failover group owns one slot and has
// at most one pending event, so the heap never holds more entries than there are slots and
// scheduling a slot's next event replaces its pending one in place (decrease- or increase-key)
// instead of leaving a stale entry behind.
#pragma once

#include <cstdint>
#include <vector>

namespace resim {

// FAIL and REPAIR target a failure process; DETECTED to FAILBACK_DONE a failover group;
// THREAT, THREAT_DETECTED and RESTORED a slot of the backup controller: a threat, or a dataset
// after the threats (sim/backups.h).
enum class EventKind : std::uint8_t {
  FAIL,
  REPAIR,
  DETECTED,
  PROMOTED,
  RECONSIDER,
  FAILBACK_START,
  FAILBACK_DONE,
  THREAT,
  THREAT_DETECTED,
  RESTORED
};

struct Event {
  double time;
  std::uint64_t sequence;  // ties in time go to the event scheduled first
  std::uint32_t target;    // the process or failover group the event belongs to
  EventKind kind;
};

class EventQueue {
 public:
  // Slots for `processes` failure processes, `groups` failover groups and `data` slots of the
  // backup controller (sim/backups.h). Allocates once; push and pop never allocate after it.
  void configure(std::size_t processes, std::size_t groups, std::size_t data = 0) {
    processes_ = static_cast<std::uint32_t>(processes);
    groups_ = static_cast<std::uint32_t>(groups);
    position_.assign(processes + groups + data, NOT_QUEUED);
    heap_.reserve(processes + groups + data);
  }
  void clear() {
    for (const Event& e : heap_) position_[slot_of(e)] = NOT_QUEUED;
    heap_.clear();
    next_sequence_ = 0;
  }
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  const Event& top() const { return heap_.front(); }

  // Schedules the event of `target`, replacing the one it had pending. Returns the event's
  // sequence number, which identifies it (an owner can tell an event it no longer expects).
  std::uint64_t push(double time, std::uint32_t target, EventKind kind) {
    const Event event{time, next_sequence_, target, kind};
    const std::uint32_t slot = slot_of(event);
    if (position_[slot] == NOT_QUEUED) {
      heap_.push_back(event);
      sift_up(heap_.size() - 1, event);
    } else {
      const std::size_t i = position_[slot];
      if (before(event, heap_[i]))
        sift_up(i, event);
      else
        sift_down(i, event);
    }
    return next_sequence_++;
  }

  // After handling the top event `handled`: removes it, unless its owner scheduled its next
  // event while handling it (then push() already moved the slot: one sift instead of two).
  // Every other push while handling it is later than it in (time, sequence), so it stays on top.
  void finish(const Event& handled) {
    if (heap_.front().sequence != handled.sequence) return;
    position_[slot_of(handled)] = NOT_QUEUED;
    const Event last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) sift_down(0, last);
  }

 private:
  static constexpr std::size_t ARITY = 4;
  static constexpr std::uint32_t NOT_QUEUED = ~std::uint32_t{0};

  static bool before(const Event& a, const Event& b) {
    return a.time < b.time || (a.time == b.time && a.sequence < b.sequence);
  }

  std::uint32_t slot_of(const Event& e) const {
    if (e.kind >= EventKind::THREAT) return e.target + processes_ + groups_;
    return e.target + (e.kind > EventKind::REPAIR ? processes_ : 0);
  }

  void place(std::size_t i, const Event& e) {
    heap_[i] = e;
    position_[slot_of(e)] = static_cast<std::uint32_t>(i);
  }

  // Puts `moving` at i or above.
  void sift_up(std::size_t i, const Event& moving) {
    while (i > 0) {
      const std::size_t parent = (i - 1) / ARITY;
      if (!before(moving, heap_[parent])) break;
      place(i, heap_[parent]);
      i = parent;
    }
    place(i, moving);
  }

  // Puts `moving` at i or below.
  void sift_down(std::size_t i, const Event& moving) {
    const std::size_t n = heap_.size();
    for (;;) {
      const std::size_t first_child = i * ARITY + 1;
      if (first_child >= n) break;
      std::size_t best = first_child;
      const std::size_t last_child = first_child + ARITY < n ? first_child + ARITY : n;
      for (std::size_t c = first_child + 1; c < last_child; ++c)
        if (before(heap_[c], heap_[best])) best = c;
      if (!before(heap_[best], moving)) break;
      place(i, heap_[best]);
      i = best;
    }
    place(i, moving);
  }

  std::vector<Event> heap_;
  std::vector<std::uint32_t> position_;  // per slot: index in heap_, or NOT_QUEUED
  std::uint32_t processes_ = 0;
  std::uint32_t groups_ = 0;
  std::uint64_t next_sequence_ = 0;
};

}  // namespace resim
