#include "reports/junit_report.h"

#include <cstdio>
#include <sstream>

namespace resim {

namespace {

std::string xml_escaped(const std::string& text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\n':
        out += "&#10;";
        break;
      default:
        // Other control characters are not allowed in XML 1.0 at all.
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\t') out += c;
    }
  }
  return out;
}

std::string seconds(double s) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f", s);
  return buffer;
}

std::string figure(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.10g", value);
  return buffer;
}

// "premium: rto on 'shop' <= 3600s"; the scenario's own "targets" set needs no prefix.
std::string case_name(const TargetResult& t) {
  const std::string prefix =
      (t.set == "targets" ? "" : t.set + ": ") + to_string(t.kind) + " on '" + t.on + "' ";
  if (t.kind == TargetKind::AVAILABILITY) return prefix + ">= " + figure(t.target);
  if (t.kind == TargetKind::UNRECOVERABLE)
    return prefix + "<= " + figure(t.target) + " per " + to_string(t.period);
  return prefix + "<= " + figure(t.target) + "s";
}

}  // namespace

JUnitSuite junit_suite(const Results& results, InconclusiveAs inconclusive) {
  JUnitSuite suite;
  suite.name = results.scenario_name;
  suite.file = results.scenario_file;
  suite.time_s = results.wall_s;
  for (const auto& set : results.target_sets)
    for (const auto& t : set.targets) {
      // Availability and unrecoverable are judged on the figure itself, rto and rpo on a share.
      const bool availability =
          t.kind == TargetKind::AVAILABILITY || t.kind == TargetKind::UNRECOVERABLE;
      JUnitCase c;
      c.name = case_name(t);
      c.message = "achieved " + figure(t.achieved) + (availability ? "" : "s") + " (95% interval " +
                  figure(t.achieved_ci.low) + " to " + figure(t.achieved_ci.high) +
                  (availability ? "" : " of the share within") + "); " + t.detail;
      if (t.verdict == Verdict::INCONCLUSIVE)
        c.outcome = inconclusive == InconclusiveAs::SKIPPED ? JUnitCase::Outcome::SKIPPED
                                                            : JUnitCase::Outcome::FAILED;
      else
        c.outcome =
            t.verdict == Verdict::MET ? JUnitCase::Outcome::PASSED : JUnitCase::Outcome::FAILED;
      suite.cases.push_back(std::move(c));
    }
  if (suite.cases.empty())
    suite.cases.push_back({"simulated", JUnitCase::Outcome::PASSED,
                           "no targets; mean availability " + figure(results.availability.mean) +
                               " [" + figure(results.availability.low()) + ", " +
                               figure(results.availability.high()) + "] over " +
                               std::to_string(results.trials) + " trials"});
  return suite;
}

std::string junit_xml(const std::vector<JUnitSuite>& suites) {
  std::size_t tests = 0, failures = 0, skipped = 0;
  double time_s = 0.0;
  for (const auto& suite : suites) {
    time_s += suite.time_s;
    for (const auto& c : suite.cases) {
      ++tests;
      failures += c.outcome == JUnitCase::Outcome::FAILED;
      skipped += c.outcome == JUnitCase::Outcome::SKIPPED;
    }
  }
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<testsuites name=\"resim\" tests=\"" << tests << "\" failures=\"" << failures
      << "\" errors=\"0\" skipped=\"" << skipped << "\" time=\"" << seconds(time_s) << "\">\n";
  for (const auto& suite : suites) {
    std::size_t suite_failures = 0, suite_skipped = 0;
    for (const auto& c : suite.cases) {
      suite_failures += c.outcome == JUnitCase::Outcome::FAILED;
      suite_skipped += c.outcome == JUnitCase::Outcome::SKIPPED;
    }
    out << "  <testsuite name=\"" << xml_escaped(suite.name) << "\" tests=\"" << suite.cases.size()
        << "\" failures=\"" << suite_failures << "\" errors=\"0\" skipped=\"" << suite_skipped
        << "\" time=\"" << seconds(suite.time_s) << "\">\n";
    for (const auto& c : suite.cases) {
      out << "    <testcase classname=\"" << xml_escaped(suite.name) << "\" name=\""
          << xml_escaped(c.name) << "\" file=\"" << xml_escaped(suite.file) << "\"";
      const std::string message = xml_escaped(c.message);
      switch (c.outcome) {
        case JUnitCase::Outcome::PASSED:
          out << ">\n      <system-out>" << message << "</system-out>\n    </testcase>\n";
          break;
        case JUnitCase::Outcome::FAILED:
          out << ">\n      <failure message=\"" << message << "\" type=\"target\">" << message
              << "</failure>\n    </testcase>\n";
          break;
        case JUnitCase::Outcome::SKIPPED:
          out << ">\n      <skipped message=\"" << message << "\"/>\n    </testcase>\n";
          break;
      }
    }
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
  return out.str();
}

}  // namespace resim
