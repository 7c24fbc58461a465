// docs/scenario.schema.json against the bundled scenarios and against the parser. The validator
// below implements the subset of JSON Schema (2020-12) the schema uses, and refuses a schema
// that uses anything else, so the schema cannot quietly rely on a keyword nobody checks.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "models/scenario.h"
#include "models/scenario_error.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using Pointer = json::json_pointer;

nlohmann::json read_json(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

const std::set<std::string> SUPPORTED{"$schema",
                                      "$id",
                                      "$ref",
                                      "$defs",
                                      "title",
                                      "description",
                                      "type",
                                      "properties",
                                      "required",
                                      "additionalProperties",
                                      "items",
                                      "minItems",
                                      "maxItems",
                                      "enum",
                                      "const",
                                      "pattern",
                                      "minLength",
                                      "minimum",
                                      "maximum",
                                      "exclusiveMinimum",
                                      "exclusiveMaximum",
                                      "oneOf"};

class Validator {
 public:
  explicit Validator(json schema) : root_(std::move(schema)) { check_keywords(root_, ""); }

  // Errors as "pointer: what"; empty when the instance is valid. Every object location that
  // validated records the property names its (matching) schemas declare.
  std::vector<std::string> validate(const json& instance) {
    matched_keys_.clear();
    all_keys_.clear();
    std::vector<std::string> errors;
    check(root_, instance, Pointer(), errors, true);
    return errors;
  }

  // Keys the schemas that matched at this location declare.
  const std::map<std::string, std::set<std::string>>& matched_keys() const { return matched_keys_; }
  // Keys any object alternative at this location declares, matched or not.
  const std::map<std::string, std::set<std::string>>& all_keys() const { return all_keys_; }

 private:
  void check_keywords(const json& schema, const std::string& where) {
    if (!schema.is_object()) return;
    for (const auto& [key, value] : schema.items()) {
      INFO("schema keyword at " << where << "/" << key);
      REQUIRE(SUPPORTED.count(key) == 1);
      if (key == "properties" || key == "$defs")
        for (const auto& [name, sub] : value.items()) check_keywords(sub, where + "/" + name);
      else if (key == "items" || key == "additionalProperties")
        check_keywords(value, where + "/" + key);
      else if (key == "oneOf")
        for (const auto& sub : value) check_keywords(sub, where + "/oneOf");
    }
  }

  const json& resolve(const json& schema) const {
    if (!schema.contains("$ref")) return schema;
    const std::string ref = schema.at("$ref").get<std::string>();
    REQUIRE(ref.rfind("#/", 0) == 0);  // local references only
    return resolve(root_.at(Pointer(ref.substr(1))));
  }

  static bool has_type(const json& instance, const std::string& type) {
    if (type == "object") return instance.is_object();
    if (type == "array") return instance.is_array();
    if (type == "string") return instance.is_string();
    if (type == "boolean") return instance.is_boolean();
    if (type == "integer") return instance.is_number_integer();
    if (type == "number") return instance.is_number();
    FAIL("unsupported type " << type);
    return false;
  }

  // Collects object keys of every alternative reachable here, for all_keys_.
  void collect_keys(const json& raw, const std::string& where) {
    const json& schema = resolve(raw);
    if (schema.contains("properties"))
      for (const auto& [name, sub] : schema.at("properties").items()) all_keys_[where].insert(name);
    if (schema.contains("oneOf"))
      for (const auto& sub : schema.at("oneOf")) collect_keys(sub, where);
  }

  bool check(const json& raw, const json& instance, const Pointer& at,
             std::vector<std::string>& errors, bool record) {
    const json& schema = resolve(raw);
    const std::string where = at.to_string();
    const std::size_t before = errors.size();
    auto error = [&](const std::string& what) { errors.push_back(where + ": " + what); };
    if (record) collect_keys(schema, where);
    if (schema.contains("type") && !has_type(instance, schema.at("type").get<std::string>()))
      error("expected " + schema.at("type").get<std::string>());
    if (schema.contains("const") && instance != schema.at("const")) error("not the constant");
    if (schema.contains("enum")) {
      bool found = false;
      for (const auto& option : schema.at("enum")) found = found || option == instance;
      if (!found) error("not one of " + schema.at("enum").dump());
    }
    if (instance.is_string()) {
      const auto text = instance.get<std::string>();
      if (schema.contains("pattern") &&
          !std::regex_search(text, std::regex(schema.at("pattern").get<std::string>())))
        error("'" + text + "' does not match " + schema.at("pattern").get<std::string>());
      if (schema.contains("minLength") && text.size() < schema.at("minLength").get<std::size_t>())
        error("too short");
    }
    if (instance.is_number()) {
      const double x = instance.get<double>();
      if (schema.contains("minimum") && x < schema.at("minimum").get<double>()) error("too small");
      if (schema.contains("maximum") && x > schema.at("maximum").get<double>()) error("too large");
      if (schema.contains("exclusiveMinimum") && x <= schema.at("exclusiveMinimum").get<double>())
        error("too small");
      if (schema.contains("exclusiveMaximum") && x >= schema.at("exclusiveMaximum").get<double>())
        error("too large");
    }
    if (instance.is_array()) {
      if (schema.contains("minItems") && instance.size() < schema.at("minItems").get<std::size_t>())
        error("too few items");
      if (schema.contains("maxItems") && instance.size() > schema.at("maxItems").get<std::size_t>())
        error("too many items");
      if (schema.contains("items"))
        for (std::size_t i = 0; i < instance.size(); ++i)
          check(schema.at("items"), instance[i], at / i, errors, record);
    }
    if (instance.is_object()) {
      if (schema.contains("required"))
        for (const auto& key : schema.at("required"))
          if (!instance.contains(key.get<std::string>()))
            error("missing required '" + key.get<std::string>() + "'");
      const json properties = schema.value("properties", json::object());
      for (const auto& [key, value] : instance.items()) {
        if (properties.contains(key))
          check(properties.at(key), value, at / key, errors, record);
        else if (schema.contains("additionalProperties") &&
                 schema.at("additionalProperties") == false)
          error("unknown key '" + key + "'");
      }
    }
    if (schema.contains("oneOf")) {
      int matches = 0;
      const json* matched = nullptr;
      for (const auto& alternative : schema.at("oneOf")) {
        std::vector<std::string> ignored;
        if (check(alternative, instance, at, ignored, false)) {
          ++matches;
          matched = &alternative;
        }
      }
      if (matches != 1)
        error("matches " + std::to_string(matches) + " of the oneOf alternatives, not exactly 1");
      else if (record)
        check(*matched, instance, at, errors, true);  // records what lies below the match
    }
    const bool ok = errors.size() == before;
    if (ok && record && instance.is_object() && schema.contains("properties"))
      for (const auto& [name, sub] : schema.at("properties").items())
        matched_keys_[where].insert(name);
    return ok;
  }

  json root_;
  std::map<std::string, std::set<std::string>> matched_keys_;
  std::map<std::string, std::set<std::string>> all_keys_;
};

std::vector<fs::path> bundled_scenarios() {
  std::vector<fs::path> paths;
  for (const auto& entry : fs::directory_iterator(fs::path(RESIM_SOURCE_DIR) / "scenarios"))
    if (entry.path().extension() == ".json") paths.push_back(entry.path());
  paths.push_back(fs::path(RESIM_SOURCE_DIR) / "bench/fifty-component.json");
  std::sort(paths.begin(), paths.end());
  return paths;
}

Validator schema_validator() {
  return Validator(read_json(fs::path(RESIM_SOURCE_DIR) / "docs/scenario.schema.json"));
}

// The keys the parser allows in the object at `pointer`: it names them when it meets one it
// does not know.
std::set<std::string> parser_keys(json document, const std::string& pointer) {
  const std::string probe = "resim_schema_probe";
  document[Pointer(pointer)][probe] = 0;
  try {
    resim::parse_scenario(document.dump(), "probe.json");
  } catch (const resim::ScenarioError& error) {
    INFO(error.what());
    REQUIRE(error.pointer() == pointer + "/" + probe);
    const std::string message = error.message();
    const auto list = message.find("allowed here: ");
    REQUIRE(list != std::string::npos);
    std::set<std::string> keys;
    const std::regex quoted("'([^']*)'");
    const std::string tail = message.substr(list);
    for (auto it = std::sregex_iterator(tail.begin(), tail.end(), quoted);
         it != std::sregex_iterator(); ++it)
      keys.insert((*it)[1]);
    return keys;
  }
  FAIL("the parser accepted an unknown key at " << pointer);
  return {};
}

}  // namespace

TEST_CASE("every bundled scenario validates against docs/scenario.schema.json", "[schema]") {
  Validator validator = schema_validator();
  for (const auto& path : bundled_scenarios()) {
    INFO(path.string());
    const auto errors = validator.validate(read_json(path));
    for (const auto& e : errors) INFO(e);
    CHECK(errors.empty());
  }
}

TEST_CASE("the schema validator rejects what the schema forbids", "[schema]") {
  Validator validator = schema_validator();
  json scenario = read_json(fs::path(RESIM_SOURCE_DIR) / "scenarios/single-zone-web.json");
  REQUIRE(validator.validate(scenario).empty());
  for (const auto& [pointer, value] : std::vector<std::pair<std::string, json>>{
           {"/components/0/mtr", "1h"},     // unknown key
           {"/components/0/mtbf", "2000"},  // a duration without a unit
           {"/settings/trials", 0},         // below the minimum
           {"/components/0/ttf", {{"dist", "weibul"}, {"shape", 1}, {"scale", "1h"}}}}) {
    INFO(pointer << " = " << value.dump());
    json broken = scenario;
    broken[Pointer(pointer)] = value;
    CHECK_FALSE(validator.validate(broken).empty());
  }
}

TEST_CASE("schema and parser accept the same keys in every object of the bundled scenarios",
          "[schema]") {
  Validator validator = schema_validator();
  int objects = 0;
  for (const auto& path : bundled_scenarios()) {
    const json document = read_json(path);
    REQUIRE(validator.validate(document).empty());
    for (const auto& [pointer, schema_keys] : validator.matched_keys()) {
      INFO(path.filename().string() << " " << (pointer.empty() ? "/" : pointer));
      const std::set<std::string> parser = parser_keys(document, pointer);
      // What the matching schema allows, the parser allows; what the parser allows, some
      // alternative of the schema here allows (a sync replication's parser list includes the
      // async keys, which it then refuses with a reason).
      for (const auto& key : schema_keys) CHECK(parser.count(key) == 1);
      for (const auto& key : parser) CHECK(validator.all_keys().at(pointer).count(key) == 1);
      ++objects;
    }
  }
  CHECK(objects > 50);
}

TEST_CASE("a scenario may carry \"$schema\"", "[schema]") {
  json scenario = read_json(fs::path(RESIM_SOURCE_DIR) / "scenarios/three-zone-web.json");
  scenario["$schema"] = "../docs/scenario.schema.json";
  CHECK_NOTHROW(resim::parse_scenario(scenario.dump(), "with-schema.json"));
}
