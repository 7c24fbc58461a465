// JUnit XML for CI dashboards: one <testsuite> per scenario, one <testcase> per target, with the
// achieved figure and the verdict in the message. A target whose interval contains its goal
// (inconclusive) never passes: it is reported as <skipped> or as a <failure>, as asked.
#pragma once

#include <string>
#include <vector>

#include "sim/results.h"

namespace resim {

enum class InconclusiveAs { FAILURE, SKIPPED };

struct JUnitCase {
  enum class Outcome { PASSED, FAILED, SKIPPED };
  std::string name;
  Outcome outcome = Outcome::PASSED;
  std::string message;  // one line: the verdict and the achieved figure
};

struct JUnitSuite {
  std::string name;  // the scenario's name
  std::string file;  // the scenario file
  double time_s = 0.0;
  std::vector<JUnitCase> cases;
};

// The suite of one run: a case per target; a scenario without targets gets one passing case
// that records its availability, so that every scenario shows up on the dashboard.
JUnitSuite junit_suite(const Results& results, InconclusiveAs inconclusive);

std::string junit_xml(const std::vector<JUnitSuite>& suites);

}  // namespace resim
