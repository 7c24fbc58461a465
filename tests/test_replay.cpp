// resim replay: the timeline of a tiny scenario with constant distributions is the sequence
// worked out by hand; every replayed trial is exactly the trial the run simulated; --worst picks
// the worst trial; the chart is a valid PNG or SVG; bad arguments exit 2 saying what is wrong.
#include <libxml/parser.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "models/scenario.h"
#include "models/topology.h"
#include "sim/replay.h"
#include "sim/runner.h"
#include "tests/cli_harness.h"

namespace {

using nlohmann::json;
using namespace resim;

// a serves; it fails at 100 h for exactly 10 h, again at 210 h (100 h after its repair) and
// next at 320 h, past the 300 h horizon. b never fails within it. Detection takes 60 s and the
// switch-over 2 min; b, promoted, has lost its 5 s of lag. No failback: b serves to the end.
const char* TINY = R"({"name": "tiny", "settings": {"horizon": "300h", "trials": 4, "seed": 3},
  "service": "db",
  "components": [
    {"name": "a", "ttf": {"dist": "constant", "value": "100h"},
     "ttr": {"dist": "constant", "value": "10h"}},
    {"name": "b", "ttf": {"dist": "constant", "value": "1000h"},
     "ttr": {"dist": "constant", "value": "1h"}}],
  "failover_groups": [{"name": "db", "detection": "60s", "switchover": "2m",
    "members": [{"name": "a", "replication": {"mode": "async", "lag": "5s"}},
                {"name": "b", "replication": {"mode": "async", "lag": "5s"}}]}]})";

constexpr double H = 3600.0;

RunOptions options_for(const Topology& topology, std::int64_t trials, int threads = 2) {
  RunOptions options = options_from(topology.scenario().settings);
  options.trials = trials;
  options.threads = threads;
  return options;
}

std::string bundled(const std::string& name) {
  return std::string(RESIM_SOURCE_DIR) + "/scenarios/" + name;
}

}  // namespace

TEST_CASE("replay: the timeline of constant distributions is the hand-computed sequence",
          "[replay]") {
  const Topology topology(parse_scenario(TINY, "tiny.json"));
  const Timeline t = replay_trial(topology, options_for(topology, 4), 2);
  struct Expected {
    double time;
    const char* event;
    const char* element;
    bool service_up;
  };
  const std::vector<Expected> expected{
      {100 * H, "failure", "a", false},        {100 * H + 60, "detected", "db", false},
      {100 * H + 180, "promoted", "db", true}, {110 * H, "repair", "a", true},
      {210 * H, "failure", "a", true},         {220 * H, "repair", "a", true}};
  REQUIRE(t.events.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    INFO("event " << i << ": " << t.events[i].event << " " << t.events[i].detail);
    CHECK(t.events[i].time == expected[i].time);
    CHECK(t.events[i].event == expected[i].event);
    CHECK(t.events[i].element == expected[i].element);
    CHECK(t.events[i].service_up == expected[i].service_up);
  }
  CHECK(t.events[1].detail == "failure of a detected; promoting b (automatic)");
  CHECK(t.events[2].rto_s == 180.0);
  CHECK(t.events[2].rpo_s == 5.0);
  // One outage of detection + switch-over; the figures the run counts for the trial.
  REQUIRE(t.outages.size() == 1);
  CHECK(t.outages[0].start == 100 * H);
  CHECK(t.outages[0].end == 100 * H + 180);
  CHECK(t.outcome.downtime_s == 180.0);
  CHECK(t.outcome.outages == 1);
  CHECK(t.outcome.data_loss_s == 5.0);
  CHECK(t.end_s == 300 * H);
  // Gantt rows: the service, the failover group's phases, component a; b stayed up.
  REQUIRE(t.rows.size() == 3);
  CHECK(t.steady_rows == 1);
  auto states = [](const TimelineRow& row) {
    std::vector<std::tuple<double, double, std::string>> out;
    for (const auto& s : row.spans) out.emplace_back(s.start, s.end, s.state);
    return out;
  };
  using Span = std::tuple<double, double, std::string>;
  CHECK(t.rows[0].kind == "service");
  CHECK(states(t.rows[0]) == std::vector<Span>{{0, 100 * H, "up"},
                                               {100 * H, 100 * H + 180, "down"},
                                               {100 * H + 180, 300 * H, "up"}});
  CHECK(t.rows[1].kind == "failover");
  CHECK(states(t.rows[1]) == std::vector<Span>{{0, 100 * H, "up"},
                                               {100 * H, 100 * H + 60, "detecting"},
                                               {100 * H + 60, 100 * H + 180, "promoting"},
                                               {100 * H + 180, 300 * H, "up"}});
  CHECK(t.rows[2].name == "a");
  CHECK(states(t.rows[2]) == std::vector<Span>{{0, 100 * H, "up"},
                                               {100 * H, 110 * H, "down"},
                                               {110 * H, 210 * H, "up"},
                                               {210 * H, 220 * H, "down"},
                                               {220 * H, 300 * H, "up"}});
}

TEST_CASE("replay: every replayed trial is exactly the trial the run simulated", "[replay]") {
  // Failover groups with failback, and datasets with restores: every kind of draw.
  for (const char* name : {"two-region-active-passive.json", "postgres-backups-pitr.json",
                           "ransomware-retention.json"}) {
    INFO(name);
    const Topology topology(load_scenario(bundled(name)));
    const RunOptions options = options_for(topology, 3 * CHUNK_TRIALS + 5);
    // What resim run simulated, trial by trial (on two threads), and its outage log.
    const std::vector<TrialOutcome> outcomes = trial_outcomes(topology, options);
    RunOptions logged = options;
    logged.keep_logs = true;
    const RunData run = run_trials(topology, logged);
    std::vector<std::pair<double, double>> replayed;  // start, duration
    for (std::uint64_t trial = 0; trial < outcomes.size(); ++trial) {
      INFO("trial " << trial);
      const Timeline t = replay_trial(topology, options, trial);
      const TrialOutcome& o = outcomes[trial];
      REQUIRE(t.outcome.downtime_s == o.downtime_s);
      REQUIRE(t.outcome.outages == o.outages);
      REQUIRE(t.outcome.longest_outage_s == o.longest_outage_s);
      REQUIRE(t.outcome.planned_outages == o.planned_outages);
      REQUIRE(t.outcome.data_loss_s == o.data_loss_s);
      REQUIRE(t.outcome.data_lost_for_good == o.data_lost_for_good);
      // The timeline's own outages give the same figures.
      REQUIRE(t.unplanned_outages() == o.outages);
      REQUIRE(t.downtime_s() == Approx(o.downtime_s).margin(1e-9 * options.horizon_s));
      for (const auto& outage : t.outages)
        if (!outage.unfinished) replayed.emplace_back(outage.start, outage.end - outage.start);
    }
    std::vector<std::pair<double, double>> simulated;
    for (const auto& outage : run.totals.outage_log)
      simulated.emplace_back(outage.start_s, outage.duration_s);
    CHECK(replayed == simulated);
  }
}

TEST_CASE("replay --worst picks the first trial of the largest downtime, outage or data loss",
          "[replay]") {
  std::vector<TrialOutcome> outcomes(5);
  CHECK_FALSE(worst_trial(outcomes, WorstBy::AVAILABILITY).has_value());
  outcomes[1].downtime_s = 50.0;
  outcomes[3].downtime_s = 70.0;
  outcomes[4].downtime_s = 70.0;  // equal: the first of equals
  outcomes[2].longest_outage_s = 30.0;
  outcomes[0].data_loss_s = 9.0;
  CHECK(worst_trial(outcomes, WorstBy::AVAILABILITY) == 3u);
  CHECK(worst_trial(outcomes, WorstBy::RTO) == 2u);
  CHECK(worst_trial(outcomes, WorstBy::RPO) == 0u);
  outcomes[4].data_lost_for_good = true;  // everything lost outranks any loss of seconds
  CHECK(worst_trial(outcomes, WorstBy::RPO) == 4u);
  CHECK(parse_worst_by("rto") == WorstBy::RTO);
  CHECK_FALSE(parse_worst_by("mttr").has_value());

  // Through the command: the trial it replays is the worst of what the run simulated.
  const Topology topology(load_scenario(bundled("two-region-active-passive.json")));
  const std::vector<TrialOutcome> run = trial_outcomes(topology, options_for(topology, 300));
  const cli_harness::TempDir dir;
  for (const auto& [by, field] : {std::pair{"availability", &TrialOutcome::downtime_s},
                                  std::pair{"rto", &TrialOutcome::longest_outage_s}}) {
    INFO(by);
    const auto r = cli_harness::resim(
        "replay " + cli_harness::quoted(bundled("two-region-active-passive.json")) +
        " -n 300 -q --worst " + by + " --json " + cli_harness::quoted(dir.file("t.json")));
    REQUIRE(r.code == 0);
    const json timeline = json::parse(cli_harness::slurp(dir.file("t.json")));
    const auto worst = std::max_element(
        run.begin(), run.end(), [&](const auto& a, const auto& b) { return a.*field < b.*field; });
    CHECK(timeline.at("trial").get<std::size_t>() == static_cast<std::size_t>(worst - run.begin()));
    CHECK(timeline.at("chosen_by").at("worst") == by);
    CHECK(timeline.at("outcome")
              .at(by == std::string("rto") ? "longest_outage_s" : "downtime_s")
              .get<double>() == (*worst).*field);
  }
}

TEST_CASE("replay --chart writes a valid PNG or SVG; --json the timeline", "[replay][cli]") {
  using cli_harness::quoted;
  const cli_harness::TempDir dir;
  const std::string scenario = dir.write("tiny.json", TINY);
  const auto r =
      cli_harness::resim("replay " + quoted(scenario) + " --trial 1 --chart " +
                         quoted(dir.file("t.png")) + " --json " + quoted(dir.file("t.json")));
  INFO(r.err);
  REQUIRE(r.code == 0);
  // The terminal timeline: each event with the service's state after it.
  CHECK(r.out.find("Replay of trial 1 of 4 (seed 3") != std::string::npos);
  CHECK(r.out.find("4d 04:01:00       DOWN          detected") != std::string::npos);
  CHECK(r.out.find("4d 04:03:00       up            promoted") != std::string::npos);
  const std::string png = cli_harness::slurp(dir.file("t.png"));
  REQUIRE(png.size() > 1000);
  CHECK(png.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0);
  const json timeline = json::parse(cli_harness::slurp(dir.file("t.json")));
  CHECK(timeline.at("format") == "resim-timeline");
  CHECK(timeline.at("events").size() == 6);
  CHECK(timeline.at("events").at(2).at("rto_s") == 180.0);

  // SVG, without --json (the timeline passes through a temporary file): well-formed XML.
  REQUIRE(cli_harness::resim("replay " + quoted(scenario) + " --trial 0 -q --chart " +
                             quoted(dir.file("t.svg")))
              .code == 0);
  const std::string svg = cli_harness::slurp(dir.file("t.svg"));
  xmlDocPtr doc = xmlReadMemory(svg.data(), static_cast<int>(svg.size()), "t.svg", nullptr,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  REQUIRE(doc != nullptr);
  CHECK(std::string(reinterpret_cast<const char*>(xmlDocGetRootElement(doc)->name)) == "svg");
  xmlFreeDoc(doc);
  CHECK(svg.find(">db (service)<") != std::string::npos);  // text stays text
}

TEST_CASE("replay: bad arguments exit 2 with a clear error", "[replay][cli]") {
  using cli_harness::quoted;
  const cli_harness::TempDir dir;
  const std::string scenario = quoted(dir.write("tiny.json", TINY));
  const std::vector<std::pair<std::string, std::string>> cases{
      {"", "give either --trial N"},
      {"--trial 1 --worst rto", "give either --trial N"},
      {"--trial 4", "trial 4 is not one of the run's 4 trials (0 to 3); raise --trials"},
      {"--trial -1", "--trial"},
      {"--trial 0x1", "not a decimal integer"},
      {"--worst mttr", "--worst"},
      {"--trial 0 --chart " + quoted(dir.file("t.pdf")), "must end in .png or .svg"},
      {"--trial 0 --chart " + quoted(dir.file("missing/t.png")), "cannot write"},
      {"--trial 0 --json ''", "must not be empty"},
  };
  for (const auto& [args, message] : cases) {
    INFO("resim replay tiny.json " << args);
    const auto r = cli_harness::resim("replay " + scenario + " " + args);
    CHECK(r.code == 2);
    CHECK(r.err.find(message) != std::string::npos);
    CHECK(r.err.rfind("error: ", 0) == 0);
  }
  const auto missing = cli_harness::resim("replay " + quoted(dir.file("nope.json")) + " --trial 0");
  CHECK(missing.code == 2);
  CHECK(missing.err.find("nope.json") != std::string::npos);
  CHECK(dir.entries().size() == 1);  // nothing written but the scenario
}
