#include "models/sweep.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "models/json_document.h"
#include "models/json_reader.h"
#include "models/scenario_error.h"

namespace resim {

namespace {

// Splits at commas outside brackets, braces and quotes.
std::vector<std::string> split_values(const std::string& text) {
  std::vector<std::string> parts(1);
  int depth = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '\\' && i + 1 < text.size())
        parts.back() += text[i++];
      else if (c == '"')
        quoted = false;
    } else if (c == '"') {
      quoted = true;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if (c == ']' || c == '}') {
      --depth;
    } else if (c == ',' && depth == 0) {
      parts.emplace_back();
      continue;
    }
    parts.back() += c;
  }
  return parts;
}

nlohmann::json parse_value(const std::string& text) {
  if (text.empty()) throw std::invalid_argument("an empty value: write e.g. 2h, 3 or \"text\"");
  const auto parsed = nlohmann::json::parse(text, nullptr, false);
  return parsed.is_discarded() ? nlohmann::json(text) : parsed;
}

std::string point_name(const std::vector<std::pair<std::string, nlohmann::json>>& set) {
  std::string name;
  for (const auto& [pointer, value] : set) {
    if (!name.empty()) name += " ";
    name += pointer + "=" + (value.is_string() ? value.get<std::string>() : value.dump());
  }
  return name;
}

}  // namespace

SweepAxis parse_sweep_axis(const std::string& text) {
  const auto equals = text.find('=');
  if (equals == std::string::npos || text.empty() || text[0] != '/')
    throw std::invalid_argument("'" + text +
                                "' is not POINTER=V1,V2,...: write e.g. "
                                "--set /components/1/mttr=2h,4h,8h");
  SweepAxis axis;
  axis.pointer = text.substr(0, equals);
  try {
    (void)nlohmann::json::json_pointer(axis.pointer);
  } catch (const nlohmann::json::exception&) {
    throw std::invalid_argument("'" + axis.pointer +
                                "' is not a JSON pointer: write e.g. /components/1/mttr");
  }
  for (const auto& part : split_values(text.substr(equals + 1)))
    axis.values.push_back(parse_value(part));
  return axis;
}

std::vector<SweepPoint> sweep_grid(const std::vector<SweepAxis>& axes, bool zip) {
  std::vector<SweepPoint> points;
  if (axes.empty()) return points;
  if (zip) {
    for (const auto& axis : axes)
      if (axis.values.size() != axes.front().values.size())
        throw std::invalid_argument(
            "--zip needs as many values in every --set: " + axes.front().pointer + " has " +
            std::to_string(axes.front().values.size()) + ", " + axis.pointer + " has " +
            std::to_string(axis.values.size()));
    for (std::size_t i = 0; i < axes.front().values.size(); ++i) {
      SweepPoint point;
      for (const auto& axis : axes) point.set.emplace_back(axis.pointer, axis.values[i]);
      points.push_back(std::move(point));
    }
  } else {
    points.emplace_back();
    for (const auto& axis : axes) {
      std::vector<SweepPoint> next;
      for (const auto& point : points)
        for (const auto& value : axis.values) {
          SweepPoint extended = point;
          extended.set.emplace_back(axis.pointer, value);
          next.push_back(std::move(extended));
        }
      points = std::move(next);
    }
  }
  for (auto& point : points) point.name = point_name(point.set);
  return points;
}

std::vector<SweepPoint> load_sweep_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScenarioError(path, "", "cannot open the sweep file: check the path");
  std::ostringstream text;
  text << in.rdbuf();
  const nlohmann::json document = parse_json_document(text.str(), path);
  const JsonReader root(document, path);
  root.allow_only({"description", "points"});
  const JsonReader list = root.at("points");
  if (list.size() == 0)
    list.fail("list at least one point, e.g. {\"name\": \"base\", \"set\": {}}");
  std::vector<SweepPoint> points;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const JsonReader node = list.at(i);
    node.allow_only({"name", "set"});
    SweepPoint point;
    const JsonReader set = node.at("set");
    if (!set.is_object())
      set.fail("write the values to set by JSON pointer, e.g. {\"/components/1/mttr\": \"2h\"}");
    for (const auto& [pointer, value] : set.value().items()) {
      if (pointer.empty() || pointer[0] != '/')
        set.at(pointer).fail("'" + pointer +
                             "' is not a JSON pointer: write e.g. "
                             "\"/components/1/mttr\"");
      point.set.emplace_back(pointer, value);
    }
    point.name = node.has("name") ? node.at("name").as_string() : point_name(point.set);
    points.push_back(std::move(point));
  }
  return points;
}

Scenario sweep_point_scenario(const nlohmann::json& document, const std::string& file,
                              const SweepPoint& point) {
  nlohmann::json changed = document;
  for (const auto& [text, value] : point.set) {
    const nlohmann::json::json_pointer pointer(text);
    if (text == "/settings" || text.rfind("/settings/", 0) == 0)
      throw ScenarioError(file, text,
                          "a sweep cannot vary the settings: every point runs the same trials "
                          "so that they pair; use --trials, --seed or --horizon for all points");
    if (pointer.empty() || !changed.contains(pointer.parent_pointer()))
      throw ScenarioError(file, text,
                          "no such place in the scenario to set (sweep point '" + point.name +
                              "'): the pointer's parent must exist, e.g. /components/0/mttr");
    nlohmann::json& parent = changed[pointer.parent_pointer()];
    if (parent.is_array()) {
      const std::string index = pointer.back();
      if (index.empty() || index.find_first_not_of("0123456789") != std::string::npos ||
          std::stoull(index) >= parent.size())
        throw ScenarioError(file, text,
                            "no element " + index + " here (sweep point '" + point.name +
                                "'): the array has " + std::to_string(parent.size()));
    } else if (!parent.is_object()) {
      throw ScenarioError(
          file, text, "the parent is not an object or array (sweep point '" + point.name + "')");
    }
    changed[pointer] = value;
  }
  try {
    return parse_scenario(changed.dump(), file);
  } catch (const ScenarioError& error) {
    throw ScenarioError(error.file(), error.pointer(),
                        error.message() + " (sweep point '" + point.name + "')");
  }
}

}  // namespace resim
