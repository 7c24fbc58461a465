// Output files appear whole or not at all: written to a temporary file beside the target,
// then renamed over it.
#pragma once

#include <string>

namespace resim {

// Throws std::runtime_error naming the path when the file cannot be written.
void write_file_atomically(const std::string& path, const std::string& contents);

// Removes the temporary of a write in progress, if any. Async-signal-safe: for a handler of
// SIGINT/SIGTERM, so that a run stopped while writing leaves no stray temporary behind.
void remove_pending_output() noexcept;

}  // namespace resim
