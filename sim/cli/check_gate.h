// `run --check`: the exit code a CI gate acts on, and a line on stderr for every target that
// is not met conclusively, so a quiet (-q) gate still says what failed.
#pragma once

#include <ostream>

#include "sim/results.h"

namespace resim::cli {

// One line per target of `results` that is missed or inconclusive.
void report_unmet_targets(const Results& results, std::ostream& err);

// EXIT_OK for MET (every target met conclusively), EXIT_TARGET_MISSED for MISSED,
// EXIT_INCONCLUSIVE when none is missed but some are inconclusive.
int exit_code_for(Verdict verdict);

}  // namespace resim::cli
