// This process among those `mpirun` started: the engine's Cluster (sim/cluster.h) when there are
// several, and whether this one is the root, which alone prints and writes files.
#pragma once

#include "sim/cluster.h"

namespace resim::cli {

// Null: this process runs alone (no MPI, or mpirun -n 1).
Cluster* process_cluster();
void set_process_cluster(Cluster* cluster);
bool is_root_process();

}  // namespace resim::cli
