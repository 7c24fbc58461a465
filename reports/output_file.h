// Output files appear whole or not at all: written to a temporary file beside the target,
// then renamed over it.
#pragma once

#include <string>

namespace resim {

// Throws std::runtime_error naming the path when the file cannot be written.
void write_file_atomically(const std::string& path, const std::string& contents);

}  // namespace resim
