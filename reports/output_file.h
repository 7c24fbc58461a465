// Output files appear whole or not at all: written to a temporary file beside the target,
// then renamed over it.
#pragma once

#include <string>
#include <string_view>

namespace resim {

// A file written piece by piece (streamed exports) that appears whole at commit() or not at all:
// destroyed uncommitted (an error, a stopped run), it leaves the destination as it was. Every
// member throws std::runtime_error naming the path when the file cannot be written.
class AtomicFileWriter {
 public:
  explicit AtomicFileWriter(const std::string& path);
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  void write(std::string_view data);
  void commit();

 private:
  void discard() noexcept;

  std::string requested_;
  std::string target_;
  std::string temporary_;  // empty: a device or pipe, written in place
  int fd_ = -1;
  int slot_ = -1;  // of the temporary in the list remove_pending_output() cleans
};

// Throws std::runtime_error naming the path when the file cannot be written.
void write_file_atomically(const std::string& path, const std::string& contents);

// Why `path` could not be written (a file, or with `folder` a folder to create), empty when it
// can: checked before a long run so that its results are not lost to a typo in a path.
std::string output_destination_problem(const std::string& path, bool folder);

// Removes the temporaries of the writes in progress, if any. Async-signal-safe: for a handler of
// SIGINT/SIGTERM, so that a run stopped while writing leaves no stray temporary behind.
void remove_pending_output() noexcept;

}  // namespace resim
