// MPI (Debian's OpenMPI) for `mpirun -n K resim run|compare|sweep ...`: the ranks share every
// round of chunks, rank 0 merges them in chunk order (sim/runner.cpp), so the output is bit for
// bit a single process's. Built with RESIM_MPI only.
#pragma once

#include "sim/cluster.h"

namespace resim::cli {

// MPI for the life of main(): initialized (only the main thread calls MPI) and finalized.
class MpiCluster : public Cluster {
 public:
  MpiCluster(int& argc, char**& argv);
  ~MpiCluster() override;
  MpiCluster(const MpiCluster&) = delete;
  MpiCluster& operator=(const MpiCluster&) = delete;

  int rank() const override { return rank_; }
  int size() const override { return size_; }
  void send_to_root(const std::vector<char>& bytes) override;
  std::vector<char> receive_from(int rank) override;
  void broadcast(std::vector<char>& bytes) override;
  // Stops every rank with `code`: one rank failing alone would leave the others waiting for it.
  [[noreturn]] void abort(int code);

 private:
  int rank_ = 0;
  int size_ = 1;
};

}  // namespace resim::cli
