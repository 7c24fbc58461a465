// A 4-ary min-heap of events in one contiguous array, ordered by (time, insertion sequence).
#pragma once

#include <cstdint>
#include <vector>

namespace resim {

// FAIL and REPAIR target a failure process; the others a failover group.
enum class EventKind : std::uint8_t {
  FAIL,
  REPAIR,
  DETECTED,
  PROMOTED,
  RECONSIDER,
  FAILBACK_START,
  FAILBACK_DONE
};

struct Event {
  double time;
  std::uint64_t sequence;  // ties in time go to the event scheduled first
  std::uint32_t target;    // the process the event belongs to
  EventKind kind;
};

class EventQueue {
 public:
  // Capacity is reserved once per thread; push never allocates while size() <= capacity.
  void reserve(std::size_t capacity) { heap_.reserve(capacity); }
  void clear() {
    heap_.clear();
    next_sequence_ = 0;
  }
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  const Event& top() const { return heap_.front(); }

  // Returns the event's sequence number, which identifies it: an owner that may supersede an
  // event remembers it and ignores the event when it pops with another number (no removal).
  std::uint64_t push(double time, std::uint32_t target, EventKind kind) {
    heap_.push_back(Event{time, next_sequence_, target, kind});
    sift_up(heap_.size() - 1);
    return next_sequence_++;
  }

  Event pop() {
    const Event first = heap_.front();
    heap_.front() = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) sift_down(0);
    return first;
  }

 private:
  static constexpr std::size_t ARITY = 4;

  static bool before(const Event& a, const Event& b) {
    return a.time < b.time || (a.time == b.time && a.sequence < b.sequence);
  }

  void sift_up(std::size_t i) {
    const Event moving = heap_[i];
    while (i > 0) {
      const std::size_t parent = (i - 1) / ARITY;
      if (!before(moving, heap_[parent])) break;
      heap_[i] = heap_[parent];
      i = parent;
    }
    heap_[i] = moving;
  }

  void sift_down(std::size_t i) {
    const Event moving = heap_[i];
    const std::size_t n = heap_.size();
    for (;;) {
      const std::size_t first_child = i * ARITY + 1;
      if (first_child >= n) break;
      std::size_t best = first_child;
      const std::size_t last_child = first_child + ARITY < n ? first_child + ARITY : n;
      for (std::size_t c = first_child + 1; c < last_child; ++c)
        if (before(heap_[c], heap_[best])) best = c;
      if (!before(heap_[best], moving)) break;
      heap_[i] = heap_[best];
      i = best;
    }
    heap_[i] = moving;
  }

  std::vector<Event> heap_;
  std::uint64_t next_sequence_ = 0;
};

}  // namespace resim
