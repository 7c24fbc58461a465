// The pending events of a trial, ordered by (time, insertion sequence): an indexed calendar
// queue (R. Brown, "Calendar queues", CACM 31(10), 1988) whose entries are the slots
// themselves. Each failure process, failover group and backup-controller slot has at most one
// pending event, so scheduling a slot's next event relinks that slot in place, and the queue
// never holds more entries than there are slots.
//
// Time is cut into days of `width_` seconds; day d lives in bucket d mod buckets, an unsorted
// doubly linked list of slots. The earliest event is the earliest of the current day's events
// in the current bucket; an empty day moves on to the next bucket. With the width tuned to the
// spacing of events, a bucket holds about one event and every operation costs the same however
// many slots there are — unlike a heap, whose pops grow with the logarithm of its size and
// whose sifts miss the cache on large models.
//
// Reproducibility rule: the order of events depends on (time, sequence) alone. The width only
// decides how much scanning finds the earliest event; it adapts to the events seen (and so to
// the trials this queue ran before), which may differ between threads, but never changes
// which event comes first.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
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
    const std::size_t slots = processes + groups + data;
    entries_.assign(slots, Entry{});
    // About two buckets per slot: at most one event each on average.
    const std::size_t buckets = std::bit_ceil(std::max<std::size_t>(2 * slots, 16));
    head_.assign(buckets, NONE);
    bucket_mask_ = buckets - 1;
    queued_.reserve(slots);
    clear();
  }

  void clear() {
    for (const std::uint32_t s : queued_) {
      head_[entries_[s].day & bucket_mask_] = NONE;
      entries_[s].queued = false;
    }
    queued_.clear();
    next_sequence_ = 0;
    day_ = 0;
    top_ = NONE;
    last_pop_time_ = 0.0;
  }

  bool empty() const { return queued_.empty(); }
  std::size_t size() const { return queued_.size(); }

  // The earliest pending event. Not empty() is the caller's to check.
  const Event& top() const {
    if (top_ == NONE) find_top();
    return entries_[top_].event;
  }

  // Schedules the event of `target`, replacing the one it had pending. Returns the event's
  // sequence number, which identifies it (an owner can tell an event it no longer expects).
  std::uint64_t push(double time, std::uint32_t target, EventKind kind) {
    const Event event{time, next_sequence_, target, kind};
    const std::uint32_t slot = slot_of(event);
    Entry& entry = entries_[slot];
    if (entry.queued) {
      unlink(slot);
    } else {
      entry.queued = true;
      entry.queued_index = static_cast<std::uint32_t>(queued_.size());
      queued_.push_back(slot);
    }
    entry.event = event;
    entry.day = day_of(time);
    // An event before the current day (only before the first pop of a trial, as the engine
    // schedules nothing in the past) moves the calendar back to it.
    if (entry.day < day_) day_ = entry.day;
    link(slot);
    if (top_ == slot)
      top_ = NONE;
    else if (top_ != NONE && before(event, entries_[top_].event))
      top_ = slot;
    return next_sequence_++;
  }

  // After handling the top event `handled`: removes it, unless its owner scheduled its next
  // event while handling it (push() then already moved the slot).
  void finish(const Event& handled) {
    note_pop(handled.time);
    const std::uint32_t slot = slot_of(handled);
    Entry& entry = entries_[slot];
    if (!entry.queued || entry.event.sequence != handled.sequence) return;
    unlink(slot);
    entry.queued = false;
    const std::uint32_t last = queued_.back();
    queued_[entry.queued_index] = last;
    entries_[last].queued_index = entry.queued_index;
    queued_.pop_back();
    if (top_ == slot) top_ = NONE;
  }

 private:
  static constexpr std::uint32_t NONE = ~std::uint32_t{0};
  // Days are counted in 64 bits; a time too far out for that (or infinite) shares the last
  // day, found by the full scan when nothing earlier is left.
  static constexpr double LAST_DAY = 0x1.0p62;
  // Retuning: every RETUNE_POPS pops, the width becomes WIDTH_PER_GAP mean gaps between popped
  // events (Brown's rule of thumb), when that differs from the width by more than 2x.
  static constexpr std::uint32_t RETUNE_POPS = 4096;
  static constexpr double WIDTH_PER_GAP = 3.0;
  static constexpr double MIN_WIDTH_S = 1.0e-6;

  struct Entry {
    Event event{};
    std::int64_t day = 0;
    std::uint32_t next = NONE;  // in the bucket's list
    std::uint32_t prev = NONE;
    std::uint32_t queued_index = 0;  // in queued_
    bool queued = false;
  };

  static bool before(const Event& a, const Event& b) {
    return a.time < b.time || (a.time == b.time && a.sequence < b.sequence);
  }

  std::uint32_t slot_of(const Event& e) const {
    if (e.kind >= EventKind::THREAT) return e.target + processes_ + groups_;
    return e.target + (e.kind > EventKind::REPAIR ? processes_ : 0);
  }

  std::int64_t day_of(double time) const {
    const double day = std::floor(time * per_width_);
    return day < LAST_DAY ? static_cast<std::int64_t>(day) : static_cast<std::int64_t>(LAST_DAY);
  }

  void link(std::uint32_t slot) {
    Entry& entry = entries_[slot];
    std::uint32_t& head = head_[entry.day & bucket_mask_];
    entry.prev = NONE;
    entry.next = head;
    if (head != NONE) entries_[head].prev = slot;
    head = slot;
  }

  void unlink(std::uint32_t slot) {
    const Entry& entry = entries_[slot];
    if (entry.prev != NONE)
      entries_[entry.prev].next = entry.next;
    else
      head_[entry.day & bucket_mask_] = entry.next;
    if (entry.next != NONE) entries_[entry.next].prev = entry.prev;
  }

  // Walks the days from the current one; after a whole turn of the calendar with nothing due,
  // jumps to the day of the earliest event instead of walking on through empty years.
  void find_top() const {
    for (std::size_t turn = 0; turn <= bucket_mask_; ++turn, ++day_) {
      std::uint32_t best = NONE;
      for (std::uint32_t s = head_[day_ & bucket_mask_]; s != NONE; s = entries_[s].next)
        if (entries_[s].day == day_ &&
            (best == NONE || before(entries_[s].event, entries_[best].event)))
          best = s;
      if (best != NONE) {
        top_ = best;
        return;
      }
    }
    std::uint32_t best = queued_.front();
    for (const std::uint32_t s : queued_)
      if (before(entries_[s].event, entries_[best].event)) best = s;
    day_ = entries_[best].day;
    top_ = best;
  }

  // The gaps are measured within trials (each starts at time 0) and summed across them, so
  // that models with few events per trial are tuned too.
  void note_pop(double time) {
    gap_sum_ += time - last_pop_time_;
    last_pop_time_ = time;
    if (++pops_ < RETUNE_POPS) return;
    const double width = std::max(WIDTH_PER_GAP * gap_sum_ / pops_, MIN_WIDTH_S);
    pops_ = 0;
    gap_sum_ = 0.0;
    if (std::isfinite(width) && (width > 2.0 * width_ || width < 0.5 * width_))
      rebuild(width, time);
  }

  // Re-files every queued slot under the new width: O(slots), once per thousands of pops.
  // Nothing pending is before `now`, the time of the event just handled.
  void rebuild(double width, double now) {
    width_ = width;
    per_width_ = 1.0 / width;
    for (const std::uint32_t s : queued_) head_[entries_[s].day & bucket_mask_] = NONE;
    for (const std::uint32_t s : queued_) {
      entries_[s].day = day_of(entries_[s].event.time);
      link(s);
    }
    day_ = day_of(now);
  }

  std::vector<Entry> entries_;         // per slot
  std::vector<std::uint32_t> head_;    // per bucket: the first slot of its list, or NONE
  std::vector<std::uint32_t> queued_;  // the slots with a pending event, in no order
  std::size_t bucket_mask_ = 0;
  double width_ = 3600.0;  // a first guess; the first retune replaces it
  double per_width_ = 1.0 / 3600.0;
  mutable std::int64_t day_ = 0;      // the current day: no pending event is before it
  mutable std::uint32_t top_ = NONE;  // the earliest pending event's slot, once found
  std::uint32_t pops_ = 0;            // since the last retune
  double gap_sum_ = 0.0;
  double last_pop_time_ = 0.0;
  std::uint32_t processes_ = 0;
  std::uint32_t groups_ = 0;
  std::uint64_t next_sequence_ = 0;
};

}  // namespace resim
