#include "sim/cli/mpi_cluster.h"

#include <mpi.h>

#include <climits>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>

namespace resim::cli {

namespace {

constexpr int CHUNKS_TAG = 1;

// MPI counts are ints: a larger message goes in pieces of at most this many bytes.
constexpr std::size_t PIECE = INT_MAX / 2;

void check(int result, const char* what) {
  if (result != MPI_SUCCESS) throw std::runtime_error(std::string("MPI: ") + what + " failed");
}

}  // namespace

MpiCluster::MpiCluster(int& argc, char**& argv) {
  int provided = 0;
  check(MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiCluster::~MpiCluster() {
  MPI_Finalize();
}

void MpiCluster::send_to_root(const std::vector<char>& bytes) {
  const auto size = static_cast<std::uint64_t>(bytes.size());
  check(MPI_Send(&size, 1, MPI_UINT64_T, 0, CHUNKS_TAG, MPI_COMM_WORLD), "MPI_Send");
  for (std::size_t done = 0; done < bytes.size(); done += PIECE) {
    const auto n = static_cast<int>(std::min(PIECE, bytes.size() - done));
    check(MPI_Send(bytes.data() + done, n, MPI_BYTE, 0, CHUNKS_TAG, MPI_COMM_WORLD), "MPI_Send");
  }
}

// Messages from one rank arrive in the order sent (MPI's non-overtaking rule).
std::vector<char> MpiCluster::receive_from(int rank) {
  std::uint64_t size = 0;
  check(MPI_Recv(&size, 1, MPI_UINT64_T, rank, CHUNKS_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE),
        "MPI_Recv");
  std::vector<char> bytes(static_cast<std::size_t>(size));
  for (std::size_t done = 0; done < bytes.size(); done += PIECE) {
    const auto n = static_cast<int>(std::min(PIECE, bytes.size() - done));
    check(MPI_Recv(bytes.data() + done, n, MPI_BYTE, rank, CHUNKS_TAG, MPI_COMM_WORLD,
                   MPI_STATUS_IGNORE),
          "MPI_Recv");
  }
  return bytes;
}

void MpiCluster::broadcast(std::vector<char>& bytes) {
  auto size = static_cast<std::uint64_t>(bytes.size());
  check(MPI_Bcast(&size, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD), "MPI_Bcast");
  bytes.resize(static_cast<std::size_t>(size));
  for (std::size_t done = 0; done < bytes.size(); done += PIECE) {
    const auto n = static_cast<int>(std::min(PIECE, bytes.size() - done));
    check(MPI_Bcast(bytes.data() + done, n, MPI_BYTE, 0, MPI_COMM_WORLD), "MPI_Bcast");
  }
}

void MpiCluster::abort(int code) {
  MPI_Abort(MPI_COMM_WORLD, code);
  std::_Exit(code);  // MPI_Abort does not return; should it, the rank still stops
}

}  // namespace resim::cli
