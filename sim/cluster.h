// The processes that share a run's trials (MPI ranks: sim/cli/mpi_cluster.h). The engine knows
// only this interface, so it builds and runs without MPI; RunOptions::cluster null, or of size
// 1, is a run of one process. Every call comes from the thread that called run_chunks, and every
// process makes the same calls in the same order.
#pragma once

#include <vector>

namespace resim {

class Cluster {
 public:
  virtual ~Cluster() = default;
  virtual int rank() const = 0;  // 0: the root, which gathers the results and writes them
  virtual int size() const = 0;
  virtual void send_to_root(const std::vector<char>& bytes) = 0;
  virtual std::vector<char> receive_from(int rank) = 0;  // the root: that process's next message
  // The root's bytes, to every process.
  virtual void broadcast(std::vector<char>& bytes) = 0;
};

}  // namespace resim
