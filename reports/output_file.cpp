#include "reports/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace resim {

namespace {

// The temporaries being written, for remove_pending_output(): fixed buffers and flags, because a
// signal handler may read only lock-free, already-allocated state. Writers are opened on the
// main thread (the streamed exports and the final results, at most a few at once).
constexpr int PENDING_SLOTS = 8;
char pending_path[PENDING_SLOTS][PATH_MAX + 1];
volatile std::sig_atomic_t pending[PENDING_SLOTS] = {};

// The slot now holding `temporary`, or -1 when none is free (the file is then not cleaned up
// on a signal, which is all that is lost).
int set_pending(const std::string& temporary) {
  if (temporary.size() > PATH_MAX) return -1;
  for (int slot = 0; slot < PENDING_SLOTS; ++slot)
    if (!pending[slot]) {
      std::memcpy(pending_path[slot], temporary.c_str(), temporary.size() + 1);
      pending[slot] = 1;
      return slot;
    }
  return -1;
}

[[noreturn]] void fail(const std::string& path, const std::string& why) {
  throw std::runtime_error("cannot write '" + path + "': " + why);
}

// Writes everything; the reason of the failure, empty on success.
std::string write_all(int fd, std::string_view data) {
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return n < 0 ? std::strerror(errno) : "nothing written";
    done += static_cast<std::size_t>(n);
  }
  return "";
}

}  // namespace

// A device or pipe (/dev/stdout, /dev/full) is written in place: replacing it by a regular file
// would send nothing where the user meant. A symlink is followed, so the link itself survives.
// Regular files are replaced atomically through a temporary created exclusively (mkstemp: a
// random name, never an existing file or a planted link) in the destination's own folder, so the
// rename stays on one file system.
AtomicFileWriter::AtomicFileWriter(const std::string& requested) : requested_(requested) {
  struct stat info {};
  if (::stat(requested.c_str(), &info) == 0 && !S_ISREG(info.st_mode)) {
    if (S_ISDIR(info.st_mode)) fail(requested, "it is a directory; give a file name");
    fd_ = ::open(requested.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd_ < 0) fail(requested, std::strerror(errno));
    return;
  }
  std::error_code error;
  target_ = std::filesystem::is_symlink(requested, error)
                ? std::filesystem::weakly_canonical(requested, error).string()
                : requested;
  const std::filesystem::path target(target_);
  const std::filesystem::path folder =
      target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
  temporary_ = (folder / ("." + target.filename().string() + ".XXXXXX")).string();
  if (target.filename().string().size() > 200)  // keep the temporary's name within NAME_MAX
    temporary_ = (folder / ".resim-output.XXXXXX").string();
  fd_ = ::mkstemp(temporary_.data());
  if (fd_ < 0) fail(requested, std::strerror(errno));
  slot_ = set_pending(temporary_);
  const mode_t mask = ::umask(0);  // mkstemp makes 0600; give the file the usual permissions
  ::umask(mask);
  ::fchmod(fd_, 0666 & ~mask);
}

AtomicFileWriter::~AtomicFileWriter() {
  discard();
}

void AtomicFileWriter::write(std::string_view data) {
  const std::string why = write_all(fd_, data);
  if (why.empty()) return;
  discard();
  fail(requested_, why);
}

void AtomicFileWriter::commit() {
  std::string why;
  if (!temporary_.empty() && ::fsync(fd_) != 0) why = std::strerror(errno);
  if (::close(fd_) != 0 && why.empty()) why = std::strerror(errno);
  fd_ = -1;
  if (!why.empty()) {
    discard();
    fail(requested_, why);
  }
  if (temporary_.empty()) return;
  std::error_code error;
  std::filesystem::rename(temporary_, target_, error);
  if (error) {
    discard();
    fail(requested_, error.message());
  }
  if (slot_ >= 0) pending[slot_] = 0;
  slot_ = -1;
  temporary_.clear();
}

void AtomicFileWriter::discard() noexcept {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (!temporary_.empty()) ::unlink(temporary_.c_str());
  temporary_.clear();
  if (slot_ >= 0) pending[slot_] = 0;
  slot_ = -1;
}

void write_file_atomically(const std::string& path, const std::string& contents) {
  AtomicFileWriter writer(path);
  writer.write(contents);
  writer.commit();
}

namespace {

std::string folder_problem(const std::filesystem::path& folder) {
  std::error_code error;
  if (!std::filesystem::is_directory(folder, error))
    return "folder '" + folder.string() + "' " +
           (std::filesystem::exists(folder, error) ? "is not a folder" : "does not exist");
  if (::access(folder.c_str(), W_OK | X_OK) != 0)
    return "folder '" + folder.string() + "': " + std::strerror(errno);
  return "";
}

}  // namespace

// A missing folder of a report is created, so the nearest existing ancestor is what must be
// writable; a file's own folder must exist already.
std::string output_destination_problem(const std::string& path, bool folder) {
  std::error_code error;
  const std::filesystem::path target(path);
  const auto status = std::filesystem::status(target, error);
  if (std::filesystem::exists(status)) {
    if (std::filesystem::is_directory(status))
      return folder ? folder_problem(target) : "it is a directory; give a file name";
    if (folder) return "it is a file, not a folder";
    if (::access(path.c_str(), W_OK) != 0) return std::strerror(errno);
    return std::filesystem::is_regular_file(status)
               ? folder_problem(target.parent_path().empty() ? "." : target.parent_path())
               : "";
  }
  std::filesystem::path parent = target.parent_path();
  if (folder)
    while (!parent.empty() && !std::filesystem::exists(parent, error))
      parent = parent.parent_path();
  return folder_problem(parent.empty() ? "." : parent);
}

void remove_pending_output() noexcept {
  for (int slot = 0; slot < PENDING_SLOTS; ++slot) {
    if (pending[slot]) ::unlink(pending_path[slot]);
    pending[slot] = 0;
  }
}

}  // namespace resim
