#include "sim/crews.h"

namespace resim {

RepairCrews::RepairCrews(const Topology& topology) {
  const auto& crews = topology.scenario().crews;
  pools_.resize(crews.size());
  for (std::size_t c = 0; c < crews.size(); ++c) pools_[c].size = crews[c].size;
  for (const auto& process : topology.processes())
    if (process.crew >= 0) ++pools_[static_cast<std::size_t>(process.crew)].capacity;
  std::size_t first = 0;
  for (auto& pool : pools_) {
    pool.first = first;
    first += pool.capacity;
  }
  queue_.resize(first);
}

void RepairCrews::reset() {
  for (auto& pool : pools_) {
    pool.busy = 0;
    pool.head = 0;
    pool.count = 0;
  }
}

bool RepairCrews::try_start(int crew, std::uint32_t process) {
  Pool& pool = pools_[static_cast<std::size_t>(crew)];
  if (pool.busy < pool.size) {
    ++pool.busy;
    return true;
  }
  queue_[pool.first + (pool.head + pool.count) % pool.capacity] = process;
  ++pool.count;
  return false;
}

std::int64_t RepairCrews::finish(int crew) {
  Pool& pool = pools_[static_cast<std::size_t>(crew)];
  if (pool.count == 0) {
    --pool.busy;
    return -1;
  }
  const std::uint32_t next = queue_[pool.first + pool.head];
  pool.head = (pool.head + 1) % pool.capacity;
  --pool.count;
  return next;
}

}  // namespace resim
