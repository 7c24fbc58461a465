// The resim binary as a planner and a CI job use it: exit codes, error lines, help, --json.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "tests/cli_harness.h"

namespace {

using namespace cli_harness;

// One unplaced component with 99 % availability (mtbf 99h, mttr 1h) and the given target.
std::string single_component(double availability_target) {
  return nlohmann::json{{"name", "single"},
                        {"settings", {{"horizon", "1y"}, {"trials", 200}, {"seed", 3}}},
                        {"targets", {{"availability", availability_target}}},
                        {"service", "box"},
                        {"components", {{{"name", "box"}, {"mtbf", "99h"}, {"mttr", "1h"}}}}}
      .dump(2);
}

const char* const BROKEN = R"({
  "name": "broken",
  "service": "box",
  "components": [ { "name": "box", "mtbf": "99h", "mtr": "1h" } ]
})";

}  // namespace

TEST_CASE("a broken scenario file exits 2 with an error line naming file and pointer", "[cli]") {
  const TempDir dir;
  const std::string path = dir.write("broken.json", BROKEN);
  for (const std::string command : {"run", "validate"}) {
    INFO("resim " << command);
    const Outcome r = resim(command + " " + quoted(path));
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Catch::Contains("error: " + path + ": /components/0/mtr: unknown key 'mtr'"));
    CHECK_THAT(r.err, Catch::Contains("did you mean 'mttr'?"));
  }
}

TEST_CASE("a missing scenario file exits 2 naming the path", "[cli]") {
  const TempDir dir;
  const Outcome r = resim("validate " + quoted(dir.file("nope.json")));
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Catch::Contains("error: " + dir.file("nope.json")));
}

TEST_CASE("bad arguments exit 2", "[cli]") {
  for (const std::string args :
       {"run --frobnicate", "run --trials 0", "run --trials -5", "run --horizon 5",
        "run --horizon 0h", "run --threads -1", "frobnicate", "", "validate"}) {
    INFO("resim " << args);
    const Outcome r = resim(args);
    CHECK(r.code == 2);
    CHECK_FALSE(r.err.empty());
  }
}

TEST_CASE("help exits 0 and mentions every option and an example", "[cli]") {
  struct Help {
    std::string args;
    std::vector<std::string> mentions;
  };
  const std::vector<Help> helps{
      {"--help", {"run", "validate", "--help", "Example"}},
      {"run --help",
       {"--trials", "--seed", "--threads", "--horizon", "--json", "--check", "--quiet", "--help",
        "Example"}},
      {"validate --help", {"scenarios", "--help", "Example"}},
  };
  for (const auto& help : helps) {
    INFO("resim " << help.args);
    const Outcome r = resim(help.args);
    CHECK(r.code == 0);
    for (const auto& mention : help.mentions) CHECK_THAT(r.out, Catch::Contains(mention));
  }
}

TEST_CASE("every bundled scenario validates", "[cli]") {
  int count = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(RESIM_SOURCE_DIR) / "scenarios")) {
    if (entry.path().extension() != ".json") continue;
    ++count;
    INFO(entry.path().string());
    const Outcome r = resim("validate " + quoted(entry.path().string()));
    CHECK(r.code == 0);
    CHECK_THAT(r.out, Catch::Contains(": ok"));
    CHECK(r.err.empty());
  }
  CHECK(count >= 3);
}

TEST_CASE("run --json writes valid results JSON", "[cli]") {
  const TempDir dir;
  const std::string out = dir.file("results.json");
  const std::string scenario =
      (fs::path(RESIM_SOURCE_DIR) / "scenarios/three-zone-web.json").string();
  const Outcome r = resim("run " + quoted(scenario) + " --trials 200 -q --json " + quoted(out));
  REQUIRE(r.code == 0);
  CHECK(r.out.empty());  // --quiet
  const auto results = nlohmann::json::parse(slurp(out));
  const auto& availability = results.at("availability");
  CHECK(availability.at("mean").get<double>() > 0.99);
  CHECK(availability.at("mean").get<double>() <= 1.0);
  REQUIRE(availability.at("ci95").size() == 2);
  CHECK(availability.at("ci95").at(0).get<double>() <= availability.at("mean").get<double>());
  CHECK(availability.at("ci95").at(1).get<double>() >= availability.at("mean").get<double>());
  // docs/results-format.md: the outage-duration percentiles (the RTO achieved) under "outages".
  CHECK(results.at("outages").at("duration_s").at("p99").is_number());
  CHECK(results.at("causes").is_array());
  CHECK_FALSE(results.at("causes").empty());
  REQUIRE(results.at("targets").is_array());
  CHECK(results.at("targets").size() == 2);                          // availability and rto
  CHECK(dir.entries() == std::vector<std::string>{"results.json"});  // no temporary left
}

TEST_CASE("run --json that cannot be written exits 2 and leaves no file", "[cli]") {
  const TempDir dir;
  const std::string scenario = dir.write("single.json", single_component(0.9));

  SECTION("in a directory that does not exist") {
    const std::string out = dir.file("missing-dir/results.json");
    const Outcome r = resim("run " + quoted(scenario) + " -q --json " + quoted(out));
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Catch::Contains("error: "));
    CHECK_THAT(r.err, Catch::Contains(out));
    CHECK_FALSE(fs::exists(dir.path() / "missing-dir"));
  }
  SECTION("over an existing directory") {
    fs::create_directory(dir.path() / "taken");
    const Outcome r = resim("run " + quoted(scenario) + " -q --json " + quoted(dir.file("taken")));
    CHECK(r.code == 2);
    CHECK(fs::is_directory(dir.path() / "taken"));
    CHECK(fs::is_empty(dir.path() / "taken"));
  }
  std::vector<std::string> entries = dir.entries();
  std::erase(entries, "taken");
  CHECK(entries == std::vector<std::string>{"single.json"});  // no temporary left
}

TEST_CASE("a bad scenario writes no --json output", "[cli]") {
  const TempDir dir;
  const std::string scenario = dir.write("broken.json", BROKEN);
  const Outcome r = resim("run " + quoted(scenario) + " --json " + quoted(dir.file("out.json")));
  CHECK(r.code == 2);
  CHECK(dir.entries() == std::vector<std::string>{"broken.json"});
}

TEST_CASE("run --check exits 1 when a target is missed and 0 when all are met", "[cli]") {
  const TempDir dir;
  SECTION("unreachable: 0.999999 of a single 99 % component") {
    const std::string scenario = dir.write("strict.json", single_component(0.999999));
    CHECK(resim("run " + quoted(scenario) + " -q --check").code == 1);
    CHECK(resim("run " + quoted(scenario) + " -q").code == 0);  // without --check: a report only
  }
  SECTION("met: 0.9 of a single 99 % component") {
    const std::string scenario = dir.write("easy.json", single_component(0.9));
    const auto r = resim("run " + quoted(scenario) + " -q --check");
    CHECK(r.code == 0);
    CHECK(r.err.empty());
  }
  SECTION("missed: named on stderr even with -q") {
    const auto r = resim("run " + quoted(dir.write("strict.json", single_component(0.999999))) +
                         " -q --check");
    CHECK(r.out.empty());
    CHECK(r.err.find("check: MISSED targets availability on 'box' per year") != std::string::npos);
  }
  SECTION("inconclusive only: exit 4, with the trials that would settle it") {
    // No outage in 200 one-day horizons: the rule of three proves 98.5 %, not 99.9 %.
    const std::string scenario = dir.write(
        "quiet.json",
        nlohmann::json{{"name", "quiet"},
                       {"settings", {{"horizon", "1d"}, {"trials", 200}}},
                       {"target_sets", {{{"name", "premium"}, {"availability", "99.9%"}}}},
                       {"service", "box"},
                       {"components", {{{"name", "box"}, {"mtbf", "100000y"}, {"mttr", "1h"}}}}}
            .dump());
    const auto r = resim("run " + quoted(scenario) + " -q --check");
    CHECK(r.code == 4);
    CHECK(r.err.find("check: INCONCLUSIVE premium availability on 'box'") != std::string::npos);
    CHECK(r.err.find("about 300") != std::string::npos);  // 3 / (1 - 0.999) trials
    CHECK(r.err.find("trials would settle it") != std::string::npos);
    CHECK(resim("run " + quoted(scenario) + " -q --check --trials 4000").code == 0);
  }
}

TEST_CASE("the version flag prints the project version and exits 0", "[cli]") {
  const Outcome r = resim("--version");
  CHECK(r.code == 0);
  CHECK(r.out == std::string("resim ") + RESIM_VERSION + "\n");
}
