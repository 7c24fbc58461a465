// Limited repair crews: a repair starts only while a crew member is free; the others wait in
// first-come, first-served order.
#pragma once

#include <cstdint>
#include <vector>

#include "models/topology.h"

namespace resim {

class RepairCrews {
 public:
  explicit RepairCrews(const Topology& topology);

  void reset();
  // True when the repair of `process` may start now; otherwise it is queued.
  bool try_start(int crew, std::uint32_t process);
  // A repair by `crew` finished: the next queued process to repair, or -1 (the member is free).
  std::int64_t finish(int crew);

 private:
  struct Pool {
    int size = 1;
    int busy = 0;
    std::size_t head = 0;  // ring buffer over queue_[first, first + capacity)
    std::size_t count = 0;
    std::size_t first = 0;
    std::size_t capacity = 0;
  };
  std::vector<Pool> pools_;
  std::vector<std::uint32_t> queue_;  // one slot per crewed process: never overflows
};

}  // namespace resim
