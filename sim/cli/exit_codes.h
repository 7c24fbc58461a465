// The exit codes every command shares; README and the commands' footers document them.
#pragma once

namespace resim::cli {

inline constexpr int EXIT_OK = 0;
inline constexpr int EXIT_TARGET_MISSED = 1;   // --check: a target was missed
inline constexpr int EXIT_BAD_INPUT = 2;       // bad scenario, bad arguments, unwritable output
inline constexpr int EXIT_NOT_ANALYSABLE = 3;  // analyze: no exact answer for this model
// --check: nothing missed, but some target is inconclusive (its interval contains the target):
// more trials would settle it, and stderr says about how many.
inline constexpr int EXIT_INCONCLUSIVE = 4;

}  // namespace resim::cli
