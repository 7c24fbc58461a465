// The terminal summary for people: causes grouped with the rest summed, human numbers, no
// percentiles of nothing, failover RTO split by what ended it, A(t) only where it changes.
#include <catch2/catch.hpp>

#include <sstream>

#include "models/analysis.h"
#include "models/scenario.h"
#include "models/topology.h"
#include "reports/analysis_report.h"
#include "reports/terminal_report.h"

namespace resim::test {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

Results results_with_causes(int causes) {
  Results r;
  r.scenario_name = "t";
  r.trials = 10;
  r.horizon_s = 8760.0 * 3600.0;
  for (int i = 0; i < causes; ++i) {
    CauseResult c{"c" + std::to_string(i), i % 2 ? CauseKind::ZONE : CauseKind::COMPONENT,
                  1.0 / causes, 60.0, 0.5, {}};
    c.outage_durations.count = 5;
    r.causes.push_back(c);
  }
  r.outage_durations.count = 5 * causes;
  return r;
}

TEST_CASE("quantities read as people write them", "[terminal]") {
  CHECK(format_quantity(1.998e7) == "20 million");
  CHECK(format_quantity(2.5e9) == "2.5 billion");
  CHECK(format_quantity(12345.4) == "12,345");
  CHECK(format_quantity(999999) == "999,999");
  CHECK(format_quantity(113.1) == "113");
  CHECK(format_quantity(4.25) == "4.25");
}

TEST_CASE("causes beyond --top are summed in one row, with the share by kind", "[terminal]") {
  std::ostringstream out;
  print_summary(out, results_with_causes(12), SummaryOptions{4});
  const std::string text = out.str();
  CHECK_THAT(text, Catch::Contains("by kind: component 50.0%, zone 50.0%"));
  CHECK_THAT(text, Catch::Contains("c3 "));
  CHECK_THAT(text, !Catch::Contains("c4 "));
  // 8 causes of 1/12 each: 66.7 % of the downtime, 8 minutes a year, 4 outages a year.
  CHECK_THAT(text, Catch::Contains("8 more                           66.7%   8m           4"));
  std::ostringstream all;
  print_summary(all, results_with_causes(12), SummaryOptions{12});
  CHECK_THAT(all.str(), Catch::Contains("c11 "));
  CHECK_THAT(all.str(), !Catch::Contains(" more "));
}

TEST_CASE("zero outages says so instead of percentiles of nothing", "[terminal]") {
  std::ostringstream out;
  print_summary(out, results_with_causes(0));
  CHECK_THAT(out.str(), Catch::Contains("Outage duration     no outage of the service was observed"));
  CHECK_THAT(out.str(), !Catch::Contains("p50 0s"));
}

TEST_CASE("failover RTO is split by what ended the incidents", "[terminal]") {
  Results r = results_with_causes(1);
  FailoverResult f;
  f.name = "db";
  f.incidents = 100;
  f.promotions = 90;
  f.rto_promoted = DurationSummary{90, 40.0, 40.0, 60.0, 75.0, 80.0, {}};
  f.rto_returned = DurationSummary{10, 30000.0, 30000.0, 70000.0, 100000.0, 100000.0, {}};
  f.transactions_lost_per_year = 1.998e7;
  r.failovers.push_back(f);
  std::ostringstream out;
  print_summary(out, r);
  const std::string text = out.str();
  CHECK_THAT(text, Catch::Contains("(20 million transactions)"));
  CHECK_THAT(text, !Catch::Contains("e+07"));
  CHECK_THAT(text, Catch::Contains("by a promotion 90 (RTO p50 40s, p99 1m 15s)"));
  CHECK_THAT(text, Catch::Contains("by the failed member's return 10 (RTO p50 8h 20m, p99 27h 47m)"
                                   ": waiting with no standby up"));
}

TEST_CASE("analyze prints A(t) where it changes, aligned, up to the steady state", "[terminal]") {
  const Topology topology(parse_scenario(R"({"name": "t", "service": "a",
    "components": [{"name": "a", "mtbf": "1000h", "mttr": "4h", "count": 2, "min_up": 1,
                    "requires": ["db"]}, {"name": "db", "mtbf": "2000h", "mttr": "2h"}]})",
                                         "t.json"));
  const AnalysisResult result = analyze_steady_state(topology);
  PointAvailability points;
  for (double t = 60.0; t < 3.0e7; t *= 2.0) points.times_s.push_back(t);
  points.availability = point_availability(topology, points.times_s);
  std::ostringstream out;
  print_analysis(out, topology, result, points);
  const auto lines = lines_of(out.str());
  auto first = std::find_if(lines.begin(), lines.end(), [](const std::string& l) {
    return l.rfind("Point availability", 0) == 0;
  });
  REQUIRE(first != lines.end());
  std::vector<std::string> rows(first + 2, lines.end());
  rows.erase(std::find(rows.begin(), rows.end(), std::string()), rows.end());
  REQUIRE(rows.size() >= 5);
  REQUIRE(rows.size() < points.times_s.size());  // repeated values are left out
  for (std::size_t i = 1; i < rows.size(); ++i) {
    INFO(rows[i - 1] << "\n" << rows[i]);
    CHECK(rows[i].find('%') == rows[0].find('%'));  // aligned
    CHECK(rows[i].substr(13, 12) != rows[i - 1].substr(13, 12));  // changed
  }
  CHECK_THAT(rows.back(), Catch::EndsWith("steady state from here on"));
}

}  // namespace
}  // namespace resim::test
