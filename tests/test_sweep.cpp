// resim sweep: each point equals a single run of the scenario with that point's values; grids,
// zips and sweep files give the expected points; bad pointers and values exit 2 naming them.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

#include "models/sweep.h"
#include "tests/cli_harness.h"

namespace {

using nlohmann::json;

json series(const std::string& db_mttr, int lb_count) {
  return json{{"name", "series"},
              {"settings", {{"horizon", "1y"}, {"trials", 300}, {"seed", 5}}},
              {"service", "shop"},
              {"components",
               {{{"name", "lb"}, {"mtbf", "2000h"}, {"mttr", "2h"}, {"count", lb_count}},
                {{"name", "db"}, {"mtbf", "500h"}, {"mttr", db_mttr}}}},
              {"groups", {{{"name", "shop"}, {"members", {"lb", "db"}}, {"min_up", 2}}}}};
}

// The results of a point and of a single run differ only in the scenario file's name.
json without_file(json results) {
  results.at("scenario").erase("file");
  return results;
}

}  // namespace

TEST_CASE("every sweep point equals a single run with the same values", "[sweep][cli]") {
  using cli_harness::quoted;
  using cli_harness::slurp;
  const cli_harness::TempDir dir;
  const std::string scenario = dir.write("series.json", series("8h", 1).dump(2));
  const auto r = cli_harness::resim("sweep " + quoted(scenario) +
                                    " --set /components/1/mttr=8h,2h --set /components/0/count=1,2"
                                    " -j 2 -q --json " +
                                    quoted(dir.file("sweep.json")) + " --csv " +
                                    quoted(dir.file("sweep.csv")));
  REQUIRE(r.code == 0);
  const json sweep = json::parse(slurp(dir.file("sweep.json")));
  const auto& points = sweep.at("points");
  REQUIRE(points.size() == 4);  // the first --set varies slowest
  const std::vector<std::pair<std::string, int>> expected{
      {"8h", 1}, {"8h", 2}, {"2h", 1}, {"2h", 2}};
  for (std::size_t i = 0; i < points.size(); ++i) {
    INFO("point " << i << ": " << points[i].at("name"));
    CHECK(points[i].at("set").at("/components/1/mttr") == expected[i].first);
    const std::string single =
        dir.write("single.json", series(expected[i].first, expected[i].second).dump(2));
    REQUIRE(cli_harness::resim("run " + quoted(single) + " -j 1 -q --json " +
                               quoted(dir.file("single-results.json")))
                .code == 0);
    CHECK(without_file(points[i].at("results")) ==
          without_file(json::parse(slurp(dir.file("single-results.json")))));
    CHECK(points[i].at("difference").is_null() == (i == 0));
  }
  // The paired difference to the baseline brackets the difference of the points' own means.
  const auto& d = points[2].at("difference").at("availability");
  const double own = points[2].at("results").at("availability").at("mean").get<double>() -
                     points[0].at("results").at("availability").at("mean").get<double>();
  CHECK(d.at("mean").get<double>() == Approx(own).epsilon(1e-9));
  CHECK(d.at("ci95").at(0).get<double>() < own);
  CHECK(d.at("ci95").at(1).get<double>() > own);
  // CSV: a header and one row per point.
  const std::string csv = slurp(dir.file("sweep.csv"));
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 5);
  CHECK(csv.rfind("point,/components/1/mttr,/components/0/count,availability,", 0) == 0);
}

TEST_CASE("sweep grids, zips and sweep files", "[sweep]") {
  const auto a = resim::parse_sweep_axis("/a=1,2,3");
  const auto b = resim::parse_sweep_axis("/b=x,\"y,z\",[1,2]");
  REQUIRE(b.values.size() == 3);
  CHECK(b.values[0] == "x");
  CHECK(b.values[1] == "y,z");
  CHECK(b.values[2] == json::array({1, 2}));
  CHECK(a.values[0] == 1);
  CHECK(resim::sweep_grid({a, b}, false).size() == 9);
  const auto zipped = resim::sweep_grid({a, b}, true);
  REQUIRE(zipped.size() == 3);
  CHECK(zipped[1].name == "/a=2 /b=y,z");
  CHECK_THROWS_AS(resim::sweep_grid({a, resim::parse_sweep_axis("/c=1")}, true),
                  std::invalid_argument);
  CHECK_THROWS_AS(resim::parse_sweep_axis("components/0/mttr=1h"), std::invalid_argument);

  const cli_harness::TempDir dir;
  const std::string file = dir.write("points.json", R"({"points": [
    {"name": "slow", "set": {"/components/1/mttr": "8h"}},
    {"name": "fast", "set": {"/components/1/mttr": "2h"}}]})");
  const auto points = resim::load_sweep_file(file);
  REQUIRE(points.size() == 2);
  CHECK(points[1].name == "fast");
  const std::string scenario = dir.write("series.json", series("8h", 1).dump());
  const auto r = cli_harness::resim("sweep " + cli_harness::quoted(scenario) + " --points " +
                                    cli_harness::quoted(file) + " -n 100");
  CHECK(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("fast"));
}

TEST_CASE("a bad sweep pointer or value exits 2 naming the pointer", "[sweep][cli]") {
  const cli_harness::TempDir dir;
  const std::string scenario =
      cli_harness::quoted(dir.write("series.json", series("8h", 1).dump()));
  struct Bad {
    std::string set, pointer;
  };
  for (const Bad& bad :
       {Bad{"/components/7/mttr=1h", "/components/7/mttr"}, Bad{"/nowhere/x=1", "/nowhere/x"},
        Bad{"/components/1/mttr=2x", "/components/1/mttr"},
        Bad{"/components/1/mtr=2h", "/components/1/mtr"},
        Bad{"/settings/trials=5", "/settings/trials"}}) {
    INFO("--set " << bad.set);
    const auto r = cli_harness::resim("sweep " + scenario + " --set " + bad.set + " -n 50");
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Catch::Contains("error: ") && Catch::Contains(bad.pointer));
  }
  CHECK(cli_harness::resim("sweep " + scenario + " -n 50").code == 2);  // nothing to vary
  CHECK(cli_harness::resim("sweep " + scenario + " --set components=1 -n 50").code == 2);
}

TEST_CASE("sweep --report writes the report of every point beside sweep.json", "[sweep][cli]") {
  using cli_harness::quoted;
  using cli_harness::slurp;
  const cli_harness::TempDir dir;
  const std::string scenario = dir.write("series.json", series("8h", 1).dump(2));
  const std::string report = dir.file("report");
  const auto r =
      cli_harness::resim("sweep " + quoted(scenario) +
                         " --set /components/1/mttr=8h,2h -n 100 -q --report " + quoted(report));
  INFO(r.err);
  REQUIRE(r.code == 0);
  const json sweep = json::parse(slurp(report + "/sweep.json"));
  CHECK(sweep.at("points").size() == 2);
  CHECK(std::filesystem::file_size(report + "/compare.png") > 0);
  CHECK(std::filesystem::file_size(report + "/compare.svg") > 0);
  // The summary names the verdict first and the HTML page is there.
  const std::string summary = slurp(report + "/summary.md");
  CHECK(summary.find("NO TARGETS") < summary.find('\n'));
  CHECK(slurp(report + "/report.html").find("<html") != std::string::npos);
}
