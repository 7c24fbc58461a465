#include "sim/cli/check_gate.h"

#include "sim/cli/exit_codes.h"

namespace resim::cli {

void report_unmet_targets(const Results& results, std::ostream& err) {
  for (const auto& set : results.target_sets)
    for (const auto& t : set.targets) {
      if (t.verdict == Verdict::MET) continue;
      err << "check: " << (t.verdict == Verdict::MISSED ? "MISSED" : "INCONCLUSIVE") << " "
          << set.name << " " << to_string(t.kind) << " on '" << t.on << "' per "
          << to_string(t.period) << " (" << results.scenario_file << "): " << t.detail << "\n";
    }
}

int exit_code_for(Verdict verdict) {
  switch (verdict) {
    case Verdict::MET:
      return EXIT_OK;
    case Verdict::MISSED:
      return EXIT_TARGET_MISSED;
    case Verdict::INCONCLUSIVE:
      return EXIT_INCONCLUSIVE;
  }
  return EXIT_TARGET_MISSED;
}

}  // namespace resim::cli
