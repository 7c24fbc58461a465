// The table of broken scenarios: each row changes one thing in a valid scenario and names the
// JSON pointer and the message fragments the error must have ("where" and "what to write").
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <typeinfo>
#include <vector>

#include "models/scenario.h"
#include "models/scenario_error.h"
#include "models/topology.h"
#include "models/work_estimate.h"
#include "sim/runner.h"

namespace {

using nlohmann::json;

// Valid: one region with two zones, components of every placement kind, a group.
const char* const BASE = R"({
  "name": "t",
  "description": "The valid scenario every row of the table breaks in one place.",
  "settings": { "horizon": "1y", "trials": 100, "seed": 1, "threads": 1 },
  "targets": { "availability": 0.999, "rto": "4h", "rto_quantile": 0.99 },
  "service": "shop",
  "regions": [
    {
      "name": "r1", "mtbf": "3y", "mttr": "10h",
      "zones": [ { "name": "z1a", "mtbf": "1y", "mttr": "3h" }, { "name": "z1b" } ]
    }
  ],
  "components": [
    { "name": "web", "region": "r1", "per_zone": 2, "min_up": 2, "mtbf": "3000h",
      "ttr": { "dist": "lognormal", "median": "8m", "p95": "30m" }, "requires": ["db"] },
    { "name": "db", "zones": ["z1a", "z1b"],
      "ttf": { "dist": "weibull", "shape": 1.2, "scale": "4500h" },
      "ttr": { "dist": "gamma", "shape": 2, "scale": "1h" } },
    { "name": "dns", "count": 2, "mtbf": "5y", "mttr": "20m" },
    { "name": "cache", "mtbf": "2000h", "ttr": { "dist": "uniform", "min": "1m", "max": "10m" } }
  ],
  "groups": [ { "name": "shop", "members": ["web", "dns"], "min_up": 2, "requires": ["cache"] } ]
})";

using Edit = std::function<void(json&)>;

Edit set(const std::string& pointer, json value) {
  return [=](json& s) { s[json::json_pointer(pointer)] = value; };
}

Edit drop(const std::string& pointer) {
  return [=](json& s) {
    const json::json_pointer path(pointer);
    s[path.parent_pointer()].erase(path.back());
  };
}

Edit rename(const std::string& pointer, const std::string& key) {
  return [=](json& s) {
    const json::json_pointer path(pointer);
    json& parent = s[path.parent_pointer()];
    parent[key] = parent[path.back()];
    parent.erase(path.back());
  };
}

// BASE with `from` (which must occur in it) replaced by `to`: for texts that are not JSON.
std::string base_replacing(const std::string& from, const std::string& to) {
  std::string text = BASE;
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

struct Row {
  std::string what;
  std::function<std::string()> text;   // the broken scenario
  std::string pointer;                 // exact ScenarioError::pointer()
  std::vector<std::string> fragments;  // each must occur in the message
};

Row edited(std::string what, Edit edit, std::string pointer, std::vector<std::string> fragments) {
  return Row{std::move(what),
             [edit] {
               json s = json::parse(BASE);
               edit(s);
               return s.dump();
             },
             std::move(pointer), std::move(fragments)};
}

Row raw(std::string what, std::function<std::string()> text, std::string pointer,
        std::vector<std::string> fragments) {
  return Row{std::move(what), std::move(text), std::move(pointer), std::move(fragments)};
}

// A failover group of db (primary) and cache, with `standby` merged into cache's member entry
// and `group` into the group.
Edit failover_pair(json standby, json group = json::object()) {
  json entry{{"name", "fg"}, {"detection", "30s"}, {"switchover", "1m"},
             {"members", json::array({json{{"name", "db"}}, json{{"name", "cache"}}})}};
  entry["members"][1].update(standby);
  entry.update(group);
  return [entry](json& s) {
    s["failover_groups"] = json::array({entry});
    s["groups"][0]["requires"] = json::array({"fg"});
  };
}

json lognormal(const std::string& median, const std::string& p95) {
  return json{{"dist", "lognormal"}, {"median", median}, {"p95", p95}};
}

std::vector<Row> rows() {
  return {
      // ---- not JSON, or not an object ---------------------------------------------------
      raw("missing comma", [] { return base_replacing(R"("name": "t",)", R"("name": "t")"); }, "",
          {"not valid JSON", "line 3", "missing comma"}),
      raw("trailing comma",
          [] {
            return base_replacing(R"("min_up": 2, "requires": ["cache"] })",
                                  R"("min_up": 2, "requires": ["cache"], })");
          },
          "", {"not valid JSON", "missing comma, quote or brace"}),
      raw("empty file", [] { return std::string(" \n"); }, "",
          {"the file is empty", R"("components": [{"name": "db")"}),
      raw("number beyond a double (crashed: uncaught nlohmann out_of_range; then had no place)",
          [] { return base_replacing(R"("shape": 1.2)", R"("shape": 1e400)"); },
          "/components/1/ttf/shape",
          {"not valid JSON", "1e400", "at line 17, column 44", "realistic size"}),
      raw("number beyond a double in an array",
          [] {
            return base_replacing(R"("mttr": "20m" })",
                                  R"("mttr": "20m", "demand": [1, -1e999] })");
          },
          "/components/2/demand/1", {"number overflow", "at line 19, column 77"}),
      raw("duplicate top-level key (the first components were silently dropped)",
          [] {
            return base_replacing(R"("groups": [)",
                                  R"("components": [{ "name": "x", "mtbf": "1h", "mttr": "1h" }],
  "groups": [)");
          },
          "/components",
          {"'components' is given twice", "at line 13, column 3", "again at line 22, column 3",
           "keep one"}),
      raw("duplicate nested key (last one won)",
          [] { return base_replacing(R"("mttr": "20m" })", R"("mttr": "20m", "mtbf": "1h" })"); },
          "/components/2/mtbf",
          {"'mtbf' is given twice", "at line 19, column 34", "again at line 19, column 63"}),
      raw(
          "nesting deeper than any scenario",
          [] { return "{\"name\": " + std::string(100, '[') + std::string(100, ']') + "}"; },
          [] {
            std::string pointer = "/name";
            for (int i = 0; i < 63; ++i) pointer += "/0";
            return pointer;
          }(),
          {"nested more than 64 deep"}),
      raw("top level is an array", [] { return std::string("[]"); }, "",
          {"expected an object here, found an array"}),

      // ---- top level ---------------------------------------------------------------------
      edited("unknown top-level key", set("/owner", "ops"), "/owner",
             {"unknown key 'owner'", "allowed here: 'name'"}),
      edited("misspelled 'components'", rename("/components", "component"), "/component",
             {"unknown key 'component'", "did you mean 'components'?"}),
      edited("misspelled 'service'", rename("/service", "servce"), "/servce",
             {"did you mean 'service'?"}),
      edited("missing name", drop("/name"), "", {"missing required key 'name'", R"("name": )"}),
      edited("missing components", drop("/components"), "",
             {"missing required key 'components'", R"("components": [)"}),
      edited("empty components", set("/components", json::array()), "/components",
             {"at least one component", R"("mtbf": "2000h")"}),
      edited("missing service", drop("/service"), "",
             {"missing required key 'service'", R"("service": "web")"}),
      edited("newline in a name (printed raw: a forged error line)",
             set("/components/0/name", "web\nerror: all is lost"), "/components/0/name",
             {"control character", "web\\u000aerror"}),
      edited("escape sequence in a reference (cleared the screen)",
             set("/components/0/requires/0", "\x1b[2Jdb"), "/components/0/requires/0",
             {"control character", "\\u001b[2Jdb"}),
      edited("NUL in a group name", set("/groups/0/name", std::string("sh\0op", 5)),
             "/groups/0/name", {"control character", "sh\\u0000op"}),
      edited("C1 control in the service", set("/service", "shop\xc2\x9b"), "/service",
             {"control character", "shop\\u009b"}),
      edited("control character in the scenario name", set("/name", "t\r"), "/name",
             {"control character"}),
      edited("1 MB unknown reference (did-you-mean hung: O(n·m) edit distance)",
             set("/components/0/requires/0", std::string(1 << 20, 'd')), "/components/0/requires/0",
             {"unknown component or group 'ddd"}),
      edited("1 MB unknown key", set("/" + std::string(1 << 20, 'k'), 1),
             "/" + std::string(1 << 20, 'k'), {"unknown key 'kkk", "allowed here"}),
      edited(
          "lag spikes overlapping 172800 deep (each promotion summed every one)",
          set("/failover_groups",
              json::array({json{
                  {"name", "fg"},
                  {"detection", "30s"},
                  {"switchover", "1m"},
                  {"members",
                   json::array(
                       {json{{"name", "db"},
                             {"replication",
                              {{"mode", "async"},
                               {"lag", "1s"},
                               {"spikes", {{"every", "1s"}, {"duration", "2d"}, {"lag", "1s"}}}}}},
                        json{{"name", "cache"}}})}}})),
          "/failover_groups/0/members/0/replication/spikes",
          {"overlap 172800 deep, more than 100000"}),
      edited("a demand inside a standby counted while it stood by idle (served 25 %, degraded all year)",
             [](json& s) {
               failover_pair(json::object())(s);
               s["components"][3]["capacity"] = 10;
               s["components"][3]["demand"] = 10;
             },
             "/components/3/demand",
             {"'cache' is part of a member of failover group 'fg'", "put the demand on the failover group"}),
      edited("a failover group's demand with a member that has no capacity",
             failover_pair(json::object(), {{"demand", 100}}), "/failover_groups/0/demand",
             {"member 'db' has no capacity to serve it", "\"capacity\": 400"}),
      edited("standby capacity without a demand", failover_pair({{"standby_capacity", 0.25}}),
             "/failover_groups/0/members/1/standby_capacity",
             {"capacity only matters to a demand", "give failover group 'fg' a \"demand\""}),
      edited("standby capacity out of range", failover_pair({{"standby_capacity", 0}}),
             "/failover_groups/0/members/1/standby_capacity", {"above 0, at most 1"}),
      edited("scale-up of a standby at full capacity", failover_pair({{"scale_up", "20m"}}),
             "/failover_groups/0/members/1/scale_up",
             {"nothing to scale up", "\"standby_capacity\" below 1"}),
      edited("name is a number", set("/name", 5), "/name",
             {"expected a string, found a number", R"(write it in quotes: "5")"}),
      edited("components is an object", set("/components", json::object()), "/components",
             {"expected an array here, found an object"}),

      // ---- settings ----------------------------------------------------------------------
      edited("misspelled 'trials'", rename("/settings/trials", "trails"), "/settings/trails",
             {"unknown key 'trails'", "did you mean 'trials'?"}),
      edited("trials 0", set("/settings/trials", 0), "/settings/trials", {"must be at least 1"}),
      edited("negative seed", set("/settings/seed", -1), "/settings/seed",
             {"must be zero or positive"}),
      edited("trials as a string", set("/settings/trials", "100"), "/settings/trials",
             {"expected a number, found a string", "without quotes"}),
      edited("fractional trials", set("/settings/trials", 1.5), "/settings/trials",
             {"expected a whole number, found 1.5"}),
      edited("bare-number horizon", set("/settings/horizon", 8760), "/settings/horizon",
             {"needs a unit", R"("8760h")"}),
      edited("zero horizon", set("/settings/horizon", "0s"), "/settings/horizon",
             {"must be longer than zero", R"("30m")"}),
      edited("endless horizon", set("/settings/horizon", "1e300y"), "/settings/horizon",
             {"at most 1000y", R"("horizon": "1y")"}),
      edited("threads out of range", set("/settings/threads", 5000), "/settings/threads",
             {"between 0 and 256", "found 5000"}),
      edited("settings is an array", set("/settings", json::array()), "/settings",
             {"expected an object here, found an array"}),

      // ---- targets -----------------------------------------------------------------------
      edited("misspelled 'availability'", rename("/targets/availability", "availabilty"),
             "/targets/availabilty", {"did you mean 'availability'?"}),
      edited("availability 1.5", set("/targets/availability", 1.5), "/targets/availability",
             {"between 0 and 1", "found 1.5"}),
      edited("availability as a percentage", set("/targets/availability", 99.95),
             "/targets/availability", {"a percentage? write 0.9995"}),
      edited("rto_quantile 0", set("/targets/rto_quantile", 0), "/targets/rto_quantile",
             {"between 0 and 1", "found 0"}),
      edited("bare-number rto", set("/targets/rto", 4), "/targets/rto", {R"("4h")", R"("4m")"}),
      edited("availability as a string", set("/targets/availability", "0.999"),
             "/targets/availability", {R"(a percentage such as "99.95%")", R"(found "0.999")"}),
      edited("unknown period", set("/targets/period", "monthly"), "/targets/period",
             {"did you mean 'month'?"}),
      edited("target on an unknown element",
             set("/target_sets", json::parse(R"([{"name": "premium", "targets": [{"on": "dbb", "rpo": "5m"}]}])")),
             "/target_sets/0/targets/0/on", {"unknown element 'dbb'", "did you mean 'db'?"}),
      edited("two target sets of one name",
             set("/target_sets", json::parse(R"([{"name": "gold", "rto": "1h"}, {"name": "gold", "rto": "2h"}])")),
             "/target_sets/1/name", {"'gold' is used twice"}),
      edited("a target set without targets", set("/target_sets", json::parse(R"([{"name": "gold"}])")),
             "/target_sets/0", {"has no target", R"("rpo": "5m")"}),
      edited("a target entry without a target",
             set("/target_sets", json::parse(R"([{"name": "gold", "targets": [{"on": "db"}]}])")),
             "/target_sets/0/targets/0", {R"(needs "availability", "rto", "rpo" or (on a dataset) "unrecoverable")"}),
      edited("availability percentage out of range", set("/targets/availability", "100.5%"),
             "/targets/availability", {R"(found "100.5%")"}),

      // ---- regions and zones -------------------------------------------------------------
      edited("misspelled region 'zones'", rename("/regions/0/zones", "zone"), "/regions/0/zone",
             {"did you mean 'zones'?"}),
      edited("misspelled zone 'mtbf'", rename("/regions/0/zones/0/mtbf", "mtbff"),
             "/regions/0/zones/0/mtbff", {"did you mean 'mtbf'?"}),
      edited("zone ttf without ttr", drop("/regions/0/zones/0/mttr"), "/regions/0/zones/0",
             {"this zone has a time to failure but no time to repair", R"("mttr")"}),
      edited("region ttr without ttf", drop("/regions/0/mtbf"), "/regions/0",
             {"this region has a time to repair but no time to failure", R"("mtbf")"}),
      edited("region without zones", drop("/regions/0/zones"), "/regions/0",
             {"missing required key 'zones'", R"("zones": [{"name": "r1a"}])"}),
      edited("region with empty zones", set("/regions/0/zones", json::array()), "/regions/0/zones",
             {"at least one zone", R"({"name": "r1a"})"}),
      edited("zone without a name", drop("/regions/0/zones/1/name"), "/regions/0/zones/1",
             {"missing required key 'name'", R"("name": "us-east-1a")"}),
      edited("zone name with '@'", set("/regions/0/zones/1/name", "z1@b"),
             "/regions/0/zones/1/name", {"contains '@'", "letters, digits"}),
      edited("empty region name", set("/regions/0/name", ""), "/regions/0/name",
             {"must not be empty"}),
      edited("zone description is a number", set("/regions/0/zones/1/description", 7),
             "/regions/0/zones/1/description", {"expected a string, found a number"}),

      // ---- components --------------------------------------------------------------------
      edited("misspelled 'mttr'", rename("/components/2/mttr", "mtr"), "/components/2/mtr",
             {"unknown key 'mtr'", "did you mean 'mttr'?"}),
      edited("swapped letters in 'mtbf'", rename("/components/2/mtbf", "mtfb"),
             "/components/2/mtfb", {"did you mean 'mtbf'?"}),
      edited("misspelled 'requires'", rename("/components/0/requires", "requries"),
             "/components/0/requries", {"did you mean 'requires'?"}),
      edited("component without a name", drop("/components/3/name"), "/components/3",
             {"missing required key 'name'"}),
      edited("no time to failure", drop("/components/2/mtbf"), "/components/2",
             {"missing time to failure", R"("mtbf": "2000h")"}),
      edited("no time to repair", drop("/components/2/mttr"), "/components/2",
             {"missing time to repair", R"("mttr": "30m")"}),
      edited("both mtbf and ttf", set("/components/1/mtbf", "2000h"), "/components/1/ttf",
             {"either 'mtbf' or 'ttf', not both"}),
      edited("both mttr and ttr", set("/components/0/mttr", "10m"), "/components/0/ttr",
             {"either 'mttr' or 'ttr', not both"}),
      edited("bare-number mtbf", set("/components/2/mtbf", 2000), "/components/2/mtbf",
             {"needs a unit", R"(write "2000h" for hours)"}),
      edited("unit spelled out", set("/components/2/mttr", "4hours"), "/components/2/mttr",
             {"'4hours' is not a duration", "did you mean '4h'?"}),
      edited("unit spelled out with a space", set("/components/2/mttr", "20 min"),
             "/components/2/mttr", {"did you mean '20m'?"}),
      edited("unknown unit", set("/components/2/mttr", "4x"), "/components/2/mttr",
             {"unknown unit 'x'", "ms, s, m, h, d, w, y"}),
      edited("months", set("/components/2/mtbf", "6M"), "/components/2/mtbf",
             {"no month unit", R"("30d")"}),
      edited("duration without unit", set("/components/2/mttr", "30"), "/components/2/mttr",
             {"has no unit", R"("30m")"}),
      edited("negative duration", set("/components/2/mttr", "-5h"), "/components/2/mttr",
             {"negative", R"("4h")"}),
      edited("negative bare number", set("/components/2/mttr", -5), "/components/2/mttr",
             {"cannot be negative", R"("30m")"}),
      edited("zero mtbf", set("/components/2/mtbf", "0h"), "/components/2/mtbf",
             {"must be longer than zero", R"("2000h")"}),
      edited("duration too long", set("/components/2/mtbf", "1e308y"), "/components/2/mtbf",
             {"too long", R"("1y")"}),
      edited("unknown zone", set("/components/1/zones/1", "z1bb"), "/components/1/zones/1",
             {"unknown zone 'z1bb'", "did you mean 'z1b'?"}),
      edited("unknown region", set("/components/0/region", "r2"), "/components/0/region",
             {"unknown region 'r2'", "did you mean 'r1'?"}),
      edited("zones and region", set("/components/0/zones", json::array({"z1a"})),
             "/components/0/region", {"either 'zones' or 'region', not both"}),
      edited("per_zone without placement", set("/components/2/per_zone", 2),
             "/components/2/per_zone", {"needs a placement", R"("count")"}),
      edited("count with placement", set("/components/1/count", 2), "/components/1/count",
             {R"(write "per_zone" instead of "count")"}),
      edited("min_up 0", set("/components/0/min_up", 0), "/components/0/min_up",
             {"between 1 and 4", "found 0"}),
      edited("min_up above instances", set("/components/0/min_up", 5), "/components/0/min_up",
             {"between 1 and 4 (the number of instances of 'web')", "found 5"}),
      edited("zone listed twice", set("/components/1/zones", json::array({"z1a", "z1a"})),
             "/components/1/zones/1", {"listed twice", "per_zone"}),
      edited("empty zones", set("/components/1/zones", json::array()), "/components/1/zones",
             {"at least one zone", "unplaced"}),
      edited("zones as a string", set("/components/1/zones", "z1a"), "/components/1/zones",
             {R"(write ["z1a"])"}),
      edited("requires as a string", set("/components/0/requires", "db"), "/components/0/requires",
             {R"(write ["db"])"}),
      edited("requires as an object", set("/components/0/requires", json{{"db", true}}),
             "/components/0/requires", {"expected an array here, found an object"}),
      edited("per_zone as a string", set("/components/0/per_zone", "2"), "/components/0/per_zone",
             {"expected a number, found a string"}),
      edited("per_zone too large", set("/components/0/per_zone", 1000000), "/components/0/per_zone",
             {"between 1 and 100000"}),

      edited("over a million instances in all",
             set("/components",
                 [] {
                   json components = json::array();
                   for (int i = 0; i < 11; ++i)
                     components.push_back(json{{"name", "c" + std::to_string(i)},
                                               {"count", 100000},
                                               {"mtbf", "1y"},
                                               {"mttr", "1h"}});
                   return components;
                 }()),
             "/components/10/count", {"1100000 instances", "more than the 1000000", "lower"}),

      // ---- groups ------------------------------------------------------------------------
      edited("misspelled 'members'", rename("/groups/0/members", "member"), "/groups/0/member",
             {"did you mean 'members'?"}),
      edited("group min_up above members", set("/groups/0/min_up", 3), "/groups/0/min_up",
             {"between 1 and 2 (the number of members of 'shop')", "found 3"}),
      edited("empty members", set("/groups/0/members", json::array()), "/groups/0/members",
             {"at least one member", R"(["db"])"}),
      edited("missing members", drop("/groups/0/members"), "/groups/0",
             {"missing required key 'members'", R"("members": [)"}),

      // ---- references ---------------------------------------------------------------------
      edited("unknown member", set("/groups/0/members/1", "dnss"), "/groups/0/members/1",
             {"unknown component or group 'dnss'", "did you mean 'dns'?"}),
      edited("unknown requires", set("/components/0/requires/0", "dbb"), "/components/0/requires/0",
             {"unknown component or group 'dbb'", "did you mean 'db'?"}),
      edited("requiring a zone", set("/components/0/requires/0", "z1a"), "/components/0/requires/0",
             {"'z1a' is a zone", R"("zones" or "region")"}),
      edited("a region as a member", set("/groups/0/members/1", "r1"), "/groups/0/members/1",
             {"'r1' is a region", "'members' lists components and groups"}),
      edited("self-requirement", set("/components/1/requires", json::array({"db"})),
             "/components/1/requires/0", {"cannot depend on itself", "remove it from 'requires'"}),
      edited("duplicate requires entry", set("/components/0/requires", json::array({"db", "db"})),
             "/components/0/requires/1", {"'db' is listed twice", "remove one"}),
      edited("member also required", set("/groups/0/requires", json::array({"web"})),
             "/groups/0/requires/0", {"already a member of 'shop'", "remove it from 'requires'"}),
      edited("dependency cycle", set("/components/1/requires", json::array({"web"})),
             "/components/0/requires/0",
             {"dependency cycle: web needs db needs web", "remove one of these"}),
      edited("cycle through a group", set("/components/3/requires", json::array({"shop"})),
             "/groups/0/requires/0",
             {"dependency cycle: shop needs cache needs shop", "remove one of these"}),
      edited("component named like a zone", set("/components/3/name", "z1a"), "/components/3/name",
             {"the name 'z1a' is used twice", "distinct names"}),
      edited("group named like a component", set("/groups/0/name", "db"), "/groups/0/name",
             {"the name 'db' is used twice"}),
      edited("unknown service", set("/service", "shopp"), "/service",
             {"'shopp' is not a component or group", "did you mean 'shop'?"}),
      edited("service names a zone", set("/service", "z1b"), "/service",
             {"'z1b' is a zone", R"("service": "web")"}),
      edited("service is a number", set("/service", 5), "/service",
             {"expected a string, found a number"}),

      // ---- distributions -------------------------------------------------------------------
      edited("unknown dist kind", set("/components/1/ttf/dist", "weibul"), "/components/1/ttf/dist",
             {"unknown distribution 'weibul'", "did you mean 'weibull'?"}),
      edited("missing dist", drop("/components/1/ttf/dist"), "/components/1/ttf",
             {"missing key 'dist'", "weibull"}),
      edited("ttf as a duration string", set("/components/1/ttf", "4500h"), "/components/1/ttf",
             {"expected a distribution object", R"("mtbf": "2000h")"}),
      edited("weibull without shape", drop("/components/1/ttf/shape"), "/components/1/ttf",
             {"missing key 'shape'", R"("shape": 1.5)"}),
      edited("weibull shape 0", set("/components/1/ttf/shape", 0), "/components/1/ttf/shape",
             {"greater than zero"}),
      edited("weibull bare-number scale", set("/components/1/ttf/scale", 4500),
             "/components/1/ttf/scale", {"needs a unit", R"("4500h")"}),
      edited("misspelled weibull 'scale'", rename("/components/1/ttf/scale", "scael"),
             "/components/1/ttf/scael", {"did you mean 'scale'?"}),
      edited("gamma negative shape", set("/components/1/ttr/shape", -1), "/components/1/ttr/shape",
             {"greater than zero", R"("shape": 2)"}),
      edited("gamma without scale", drop("/components/1/ttr/scale"), "/components/1/ttr",
             {"missing key 'scale'", R"("scale": "1h")"}),
      edited("lognormal p95 below median", set("/components/0/ttr/p95", "5m"),
             "/components/0/ttr/p95", {"longer than the median"}),
      edited("lognormal without p95", drop("/components/0/ttr/p95"), "/components/0/ttr",
             {"missing key 'p95'", R"("p95": "2h")"}),
      edited("lognormal mixing forms", set("/components/0/ttr/sigma", 0.5),
             "/components/0/ttr/sigma", {"not both"}),
      edited("lognormal unknown unit",
             set("/components/0/ttr",
                 json{{"dist", "lognormal"}, {"mu", 1}, {"sigma", 0.5}, {"unit", "hours"}}),
             "/components/0/ttr/unit", {"unknown unit 'hours'", "'s', 'm', 'h'"}),
      edited("lognormal of extreme size (crashed: uncaught std::invalid_argument)",
             set("/components/0/ttr", lognormal("1e-300s", "1e300y")), "/components/0/ttr",
             {"out of range", "realistic size"}),
      edited("exponential mean 0",
             set("/components/3/ttr", json{{"dist", "exponential"}, {"mean", "0s"}}),
             "/components/3/ttr/mean", {"longer than zero", R"("mean": "2000h")"}),
      edited("exponential without mean", set("/components/3/ttr", json{{"dist", "exponential"}}),
             "/components/3/ttr", {"missing key 'mean'"}),
      edited("normal without sd",
             set("/components/3/ttr", json{{"dist", "normal"}, {"mean", "4h"}}),
             "/components/3/ttr", {"missing key 'sd'", R"("sd": "1h")"}),
      edited("normal sd 0",
             set("/components/3/ttr", json{{"dist", "normal"}, {"mean", "4h"}, {"sd", "0h"}}),
             "/components/3/ttr/sd", {"longer than zero"}),
      edited("uniform max below min", set("/components/3/ttr/max", "30s"), "/components/3/ttr/max",
             {"longer than 'min'", R"("max": ")"}),
      edited("constant negative",
             set("/components/3/ttr", json{{"dist", "constant"}, {"value", "-1m"}}),
             "/components/3/ttr/value", {"negative"}),
      edited("constant zero repair (would stall a trial)",
             set("/components/3/ttr", json{{"dist", "constant"}, {"value", "0s"}}),
             "/components/3/ttr", {"longer than zero on average", R"("5m")"}),
      edited("empirical without samples",
             set("/components/3/ttr", json{{"dist", "empirical"}, {"samples", json::array()}}),
             "/components/3/ttr/samples", {"non-empty array", R"("samples": ["20m")"}),
      edited("empirical bad sample",
             set("/components/3/ttr",
                 json{{"dist", "empirical"}, {"samples", json::array({"20m", "5 mins"})}}),
             "/components/3/ttr/samples/1", {"did you mean '5m'?"}),
      edited("empirical samples as a string",
             set("/components/3/ttr", json{{"dist", "empirical"}, {"samples", "20m"}}),
             "/components/3/ttr/samples", {"non-empty array of durations"}),
  };
}

// Valid scenarios whose run would never end (time standing still) or exhaust memory: refused
// before the run by the work estimate, or during it by the per-trial event limit. Each used to
// pass validate and then run forever while memory grew about 70 MB/s.
struct LimitRow {
  std::string what;
  json component;  // the one component "a" of the scenario
  json settings;
  std::string pointer;
  std::vector<std::string> fragments;
};

json tiny(const json& ttf) {
  return json{{"name", "a"}, {"ttf", ttf}, {"ttr", ttf}};
}

std::vector<LimitRow> limit_rows() {
  const json year = {{"trials", 100}, {"horizon", "1y"}};
  const std::vector<std::string> estimate{"this run would take about", "component 'a'",
                                          "settings.max_events or --max-events"};
  return {
      {"mtbf 1e-300s",
       {{"name", "a"}, {"mtbf", "1e-300s"}, {"mttr", "1e-300s"}},
       year,
       "/components/0",
       {"more than 1e308 events", "exponential(mean"}},
      {"1 ms mean time to failure over 1 y",
       {{"name", "a"}, {"mtbf", "1ms"}, {"mttr", "1ms"}},
       year,
       "/components/0",
       estimate},
      {"gamma shape 1e-9", tiny({{"dist", "gamma"}, {"shape", 1e-9}, {"scale", "1h"}}), year,
       "/components/0", estimate},
      {"lognormal mu -700",
       tiny({{"dist", "lognormal"}, {"mu", -700}, {"sigma", 1}, {"unit", "s"}}), year,
       "/components/0", estimate},
      {"normal mean 0 sd 1 ms", tiny({{"dist", "normal"}, {"mean", "0s"}, {"sd", "1ms"}}), year,
       "/components/0", estimate},
      {"empirical [0s, 1e-300s]", tiny({{"dist", "empirical"}, {"samples", {"0s", "1e-300s"}}}),
       year, "/components/0", estimate},
      {"gamma shape 1e-9 with a realistic mean: the run-time backstop",
       tiny({{"dist", "gamma"}, {"shape", 1e-9}, {"scale", "1e12h"}}),
       year,
       "/components/0",
       {"trial 1 went past 1e+06 events", "component 'a'", "gamma(shape 1e-09"}},
      {"a run beyond settings.max_events",
       {{"name", "a"}, {"mtbf", "1h"}, {"mttr", "1h"}},
       {{"trials", 1000}, {"horizon", "1y"}, {"max_events", 1e6}},
       "/components/0",
       {"about 8.76e+06 events (1000 trials × 8.76e+03 per trial)", "limit of 1e+06"}},
  };
}

std::string displayed(const std::string& pointer) {
  return pointer.empty() ? "/" : pointer;
}

}  // namespace

TEST_CASE("the base of the error table is valid", "[errors]") {
  const resim::Topology topology(resim::parse_scenario(BASE, "t.json"));
  CHECK(topology.scenario().service == "shop");
  CHECK(topology.warnings().empty());
}

TEST_CASE("every broken scenario gets a clear error naming file, pointer and fix", "[errors]") {
  const auto table = rows();
  REQUIRE(table.size() >= 40);
  for (const auto& row : table) {
    DYNAMIC_SECTION(row.what) {
      const std::string text = row.text();
      REQUIRE(text != BASE);
      std::optional<resim::ScenarioError> error;
      try {
        const resim::Topology topology(resim::parse_scenario(text, "t.json"));
      } catch (const resim::ScenarioError& e) {
        error = e;
      } catch (const std::exception& e) {
        FAIL("not a ScenarioError (" << typeid(e).name() << "): " << e.what());
      }
      INFO("scenario:\n" << text);
      REQUIRE(error.has_value());
      INFO("error: " << error->what());
      CHECK(error->file() == "t.json");
      CHECK(error->pointer() == row.pointer);
      CHECK_THAT(error->what(), Catch::StartsWith("t.json: " + displayed(row.pointer) + ": "));
      for (const auto& fragment : row.fragments)
        CHECK_THAT(error->message(), Catch::Contains(fragment));
    }
  }
}

TEST_CASE("runs that would never end are refused with the figure and the element",
          "[errors][limits]") {
  for (const auto& row : limit_rows()) {
    DYNAMIC_SECTION(row.what) {
      const json scenario = {{"name", "t"},
                             {"service", "a"},
                             {"settings", row.settings},
                             {"components", json::array({row.component})}};
      const resim::Topology topology(resim::parse_scenario(scenario.dump(), "t.json"));
      for (const int threads : {1, 3}) {
        resim::RunOptions options = resim::options_from(topology.scenario().settings);
        options.threads = threads;
        std::optional<resim::ScenarioError> error;
        try {
          resim::run_trials(topology, options);
        } catch (const resim::ScenarioError& e) {
          error = e;
        }
        REQUIRE(error.has_value());
        INFO("error: " << error->what());
        CHECK(error->file() == "t.json");
        CHECK(error->pointer() == row.pointer);
        for (const auto& fragment : row.fragments)
          CHECK_THAT(error->message(), Catch::Contains(fragment));
      }
    }
  }
}

TEST_CASE("trials and threads have documented caps", "[errors][limits]") {
  const std::string base = R"({"name": "t", "service": "a",
    "components": [{"name": "a", "mtbf": "1000h", "mttr": "1h"}], "settings": )";
  auto error_of = [&](const std::string& settings) {
    try {
      resim::parse_scenario(base + settings + "}", "t.json");
    } catch (const resim::ScenarioError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  // 10^12 trials passed validate, then died in std::bad_alloc.
  CHECK_THAT(error_of(R"({"trials": 1000000000000})"),
             Catch::StartsWith("t.json: /settings/trials: at most 1000000000"));
  CHECK_THAT(error_of(R"({"threads": 4096})"),
             Catch::StartsWith("t.json: /settings/threads: must be between 0 and 256"));
  CHECK_THAT(error_of(R"({"max_events": 0})"),
             Catch::StartsWith("t.json: /settings/max_events: must be between 1 and 1e18"));
  CHECK(resim::resolve_threads(100000) == resim::MAX_THREADS);
  CHECK(resim::resolve_threads(0) >= 1);
}

TEST_CASE("the work estimate counts failures and repairs over the horizon", "[limits]") {
  const resim::Topology topology(resim::parse_scenario(
      R"({"name": "t", "service": "a", "components": [{"name": "a", "mtbf": "99h", "mttr": "1h"},
          {"name": "b", "count": 3, "mtbf": "9h", "mttr": "1h"}]})",
      "t.json"));
  const auto estimate = resim::estimate_work(topology, 1000.0 * 3600.0, 10);
  // 1 + 2·1000/100 for a, 1 + 2·1000/10 for each instance of b.
  CHECK(estimate.events_per_trial == Approx(21.0 + 3 * 201.0));
  CHECK(estimate.total == Approx(10 * (21.0 + 3 * 201.0 + 4)));
  CHECK(topology.processes()[estimate.busiest].cause == 1);
}
