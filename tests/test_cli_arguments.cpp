// Bad command-line values end in exit 2 with a line naming the option and what to write (issue 8:
// "error: stoll", 0x10 read as 16, empty paths ignored, validate stopping at the first bad file).
#include <catch2/catch.hpp>

#include <string>
#include <tuple>

#include "cli_harness.h"

using cli_harness::quoted;
using cli_harness::TempDir;

TEST_CASE("bad numbers and empty values on the command line are refused with a fix", "[cli]") {
  struct Case {
    std::string args;
    std::string message;
  };
  const Case cases[] = {
      {"run --trials abc",
       "'abc' is not a decimal integer from 1 to 9223372036854775807; write e.g. --trials 20000"},
      {"run --trials 0x10", "'0x10' is not a decimal integer"},
      {"run --trials 99999999999999999999", "'99999999999999999999' is not a decimal integer"},
      {"run --trials -5", "is not a decimal integer"},
      {"run --seed abc", "write e.g. --seed 7"},
      {"run -j 2x", "write e.g. -j 2"},
      {"run --horizon \"\"", "--horizon: must not be empty"},
      {"run --json \"\"", "--json: must not be empty"},
      {"run --junit \"\"", "--junit: must not be empty"},
      {"analyze --json \"\"", "--json: must not be empty"},
  };
  for (const Case& c : cases) {
    INFO(c.args);
    const auto outcome = cli_harness::resim(c.args);
    CHECK(outcome.code == 2);
    CHECK(outcome.err.find(c.message) != std::string::npos);
    CHECK(outcome.err.find("stoll") == std::string::npos);
  }
}

TEST_CASE("validate reports every file and exits 2 if any failed; a directory is named as one",
          "[cli]") {
  TempDir dir;
  const std::string good = std::string(RESIM_SOURCE_DIR) + "/scenarios/single-zone-web.json";
  const std::string missing = dir.file("missing.json");
  const auto outcome = cli_harness::resim("validate " + quoted(good) + " " + quoted(missing) + " " +
                                          quoted(dir.path().string()) + " " + quoted(good));
  CHECK(outcome.code == 2);
  CHECK(outcome.err.find(missing + ": /: cannot open the file") != std::string::npos);
  CHECK(outcome.err.find("is a directory, not a scenario file") != std::string::npos);
  // Both good files were checked: the errors between them did not stop the batch.
  std::size_t oks = 0;
  for (auto at = outcome.out.find(": ok"); at != std::string::npos;
       at = outcome.out.find(": ok", at + 1))
    ++oks;
  CHECK(oks == 2);
}

TEST_CASE("the results are never written over the scenario file", "[cli]") {
  TempDir dir;
  const std::string scenario = dir.write(
      "s.json",
      cli_harness::slurp(std::string(RESIM_SOURCE_DIR) + "/scenarios/single-zone-web.json"));
  const std::string before = cli_harness::slurp(scenario);
  for (const std::string& out : {scenario, dir.file("{}.json")}) {
    INFO(out);
    const auto outcome =
        cli_harness::resim("run " + quoted(scenario) + " -n 10 -q --json " + quoted(out));
    CHECK(outcome.code == 2);
    CHECK(outcome.err.find("is the scenario file") != std::string::npos);
    CHECK(cli_harness::slurp(scenario) == before);
  }
}

TEST_CASE("output goes into devices and through symlinks, never replacing them", "[cli]") {
  TempDir dir;
  const std::string target = dir.write("target.json", "old");
  const std::string link = dir.file("link.json");
  std::filesystem::create_symlink(target, link);
  const std::string args = "run -n 10 -q --json ";
  CHECK(cli_harness::resim(args + quoted(link)).code == 0);
  CHECK(std::filesystem::is_symlink(link));
  CHECK(cli_harness::slurp(target).find("\"availability\"") != std::string::npos);
  const auto null_device = cli_harness::resim(args + "/dev/null");
  CHECK(null_device.code == 0);
  CHECK(std::filesystem::is_character_file("/dev/null"));
  // /dev/stdout is a link to /proc/self/fd/1: written in place, the results reach stdout.
  const auto stdout_device = cli_harness::resim(args + "/dev/stdout");
  CHECK(stdout_device.code == 0);
  CHECK(stdout_device.out.find("\"availability\"") != std::string::npos);
  const auto full = cli_harness::resim(args + "/dev/full");
  CHECK(full.code != 0);
  CHECK(full.err.find("cannot write '/dev/full'") != std::string::npos);
  CHECK(std::filesystem::is_character_file("/dev/full"));
  // No temporary left beside the outputs.
  for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
    CHECK(entry.path().filename().string().find(".XXXXXX") == std::string::npos);
  CHECK(std::distance(std::filesystem::directory_iterator(dir.path()),
                      std::filesystem::directory_iterator()) == 2);
}

TEST_CASE("SIGINT and SIGTERM stop a run at once, say so and leave no file", "[cli]") {
  TempDir dir;
  for (const auto& [signal, code, word] : {std::tuple{"INT", 130, "interrupted (SIGINT)"},
                                           std::tuple{"TERM", 143, "terminated (SIGTERM)"}}) {
    INFO(signal);
    const std::string out = dir.file(std::string("out-") + signal + ".json");
    const std::string script = quoted(RESIM_BINARY) + " run -n 100000000 -q --json " + quoted(out) +
                               " 2>" + quoted(dir.file("err")) + " & pid=$!; sleep 1; kill -" +
                               signal + " $pid; wait $pid; echo $? >" + quoted(dir.file("code"));
    std::system(("sh -c " + quoted(script)).c_str());
    CHECK(std::stoi(cli_harness::slurp(dir.file("code"))) == code);
    CHECK(cli_harness::slurp(dir.file("err"))
              .find(std::string("resim: ") + word + "; nothing was written") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(out));
  }
}

// A run of 10^8 trials takes minutes: refused at once, the test would otherwise time out.
TEST_CASE("an unwritable destination is refused before the run, not after it", "[cli]") {
  TempDir dir;
  const std::string file = dir.write("file.json", "{}");
  const std::string long_run = "run -n 100000000 -q ";
  const std::tuple<std::string, std::string> cases[] = {
      {"--json " + quoted(dir.file("missing/out.json")), "does not exist"},
      {"--junit " + quoted(dir.path().string()), "it is a directory; give a file name"},
      {"--report " + quoted(file), "it is a file, not a folder"},
      {"--report " + quoted(file + "/sub"), "is not a folder"},
  };
  for (const auto& [option, message] : cases) {
    INFO(option);
    const auto outcome = cli_harness::resim(long_run + option);
    CHECK(outcome.code == 2);
    CHECK(outcome.err.find("cannot write") != std::string::npos);
    CHECK(outcome.err.find(message) != std::string::npos);
  }
  CHECK(cli_harness::slurp(file) == "{}");
  // A report folder that does not exist yet is created, with its parents.
  CHECK(cli_harness::resim("run -n 10 -q --report " + quoted(dir.file("a/b/report"))).code == 0);
  CHECK(std::filesystem::exists(dir.file("a/b/report/summary.md")));
}
