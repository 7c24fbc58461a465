// Output files appear whole or not at all: written to a temporary file beside the target,
// then renamed over it.
#pragma once

#include <string>

namespace resim {

// Throws std::runtime_error naming the path when the file cannot be written.
void write_file_atomically(const std::string& path, const std::string& contents);

// Why `path` could not be written (a file, or with `folder` a folder to create), empty when it
// can: checked before a long run so that its results are not lost to a typo in a path.
std::string output_destination_problem(const std::string& path, bool folder);

// Removes the temporary of a write in progress, if any. Async-signal-safe: for a handler of
// SIGINT/SIGTERM, so that a run stopped while writing leaves no stray temporary behind.
void remove_pending_output() noexcept;

}  // namespace resim
