#include "sim/cli/processes.h"

namespace resim::cli {

namespace {
Cluster* current = nullptr;
}  // namespace

Cluster* process_cluster() {
  return current;
}

void set_process_cluster(Cluster* cluster) {
  current = cluster && cluster->size() > 1 ? cluster : nullptr;
}

bool is_root_process() {
  return current == nullptr || current->rank() == 0;
}

}  // namespace resim::cli
