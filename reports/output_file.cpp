#include "reports/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <csignal>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace resim {

namespace {

// The temporary being written, for remove_pending_output(): a fixed buffer and a flag, because a
// signal handler may read only lock-free, already-allocated state.
char pending_path[PATH_MAX + 1];
volatile std::sig_atomic_t pending = 0;

void set_pending(const std::string& temporary) {
  pending = 0;
  if (temporary.size() > PATH_MAX) return;
  std::memcpy(pending_path, temporary.c_str(), temporary.size() + 1);
  pending = 1;
}

[[noreturn]] void fail(const std::string& path, const std::string& why) {
  throw std::runtime_error("cannot write '" + path + "': " + why);
}

// Writes everything, then closes; the reason of the first failure, empty on success.
std::string write_and_close(int fd, const std::string& contents, bool sync) {
  std::string why;
  std::size_t done = 0;
  while (done < contents.size() && why.empty()) {
    const ssize_t n = ::write(fd, contents.data() + done, contents.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      why = n < 0 ? std::strerror(errno) : "nothing written";
    else
      done += static_cast<std::size_t>(n);
  }
  if (why.empty() && sync && ::fsync(fd) != 0) why = std::strerror(errno);
  if (::close(fd) != 0 && why.empty()) why = std::strerror(errno);
  return why;
}

}  // namespace

// A device or pipe (/dev/stdout, /dev/full) is written in place: replacing it by a regular file
// would send nothing where the user meant. A symlink is followed, so the link itself survives.
// Regular files are replaced atomically through a temporary created exclusively (mkstemp: a
// random name, never an existing file or a planted link) in the destination's own folder, so the
// rename stays on one file system.
void write_file_atomically(const std::string& requested, const std::string& contents) {
  std::error_code error;
  struct stat info {};
  if (::stat(requested.c_str(), &info) == 0 && !S_ISREG(info.st_mode)) {
    if (S_ISDIR(info.st_mode)) fail(requested, "it is a directory; give a file name");
    const int fd = ::open(requested.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) fail(requested, std::strerror(errno));
    const std::string why = write_and_close(fd, contents, false);
    if (!why.empty()) fail(requested, why);
    return;
  }
  const std::string path = std::filesystem::is_symlink(requested, error)
                               ? std::filesystem::weakly_canonical(requested, error).string()
                               : requested;
  const std::filesystem::path target(path);
  const std::filesystem::path folder =
      target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
  std::string temporary = (folder / ("." + target.filename().string() + ".XXXXXX")).string();
  if (target.filename().string().size() > 200)  // keep the temporary's name within NAME_MAX
    temporary = (folder / ".resim-output.XXXXXX").string();
  const int fd = ::mkstemp(temporary.data());
  if (fd < 0) fail(requested, std::strerror(errno));
  set_pending(temporary);
  const mode_t mask = ::umask(0);  // mkstemp makes 0600; give the file the usual permissions
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  const std::string why = write_and_close(fd, contents, true);
  if (!why.empty()) {
    remove_pending_output();
    fail(requested, why);
  }
  std::filesystem::rename(temporary, target, error);
  if (error) {
    remove_pending_output();
    fail(requested, error.message());
  }
  pending = 0;
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
    return std::filesystem::is_regular_file(status) ? folder_problem(target.parent_path().empty()
                                                                         ? "."
                                                                         : target.parent_path())
                                                    : "";
  }
  std::filesystem::path parent = target.parent_path();
  if (folder)
    while (!parent.empty() && !std::filesystem::exists(parent, error)) parent = parent.parent_path();
  return folder_problem(parent.empty() ? "." : parent);
}

void remove_pending_output() noexcept {
  if (pending) ::unlink(pending_path);
  pending = 0;
}

}  // namespace resim
