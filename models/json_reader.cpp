#include "models/json_reader.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <vector>

#include "models/duration.h"
#include "models/scenario_error.h"

namespace resim {

namespace {

const char* type_name(const nlohmann::json& value) {
  if (value.is_string()) return "a string";
  if (value.is_number()) return "a number";
  if (value.is_boolean()) return "true/false";
  if (value.is_object()) return "an object";
  if (value.is_array()) return "an array";
  return "null";
}

const char* const DURATION_EXAMPLES = "such as \"45s\", \"30m\", \"4h\", \"2d\", \"1w\" or \"1y\"";

// Spellings planners write for the units parse_duration knows, lower-cased.
struct UnitSpelling {
  std::string_view written;
  std::string_view unit;
};
constexpr UnitSpelling UNIT_SPELLINGS[] = {
    {"ms", "ms"},
    {"msec", "ms"},
    {"msecs", "ms"},
    {"millisecond", "ms"},
    {"milliseconds", "ms"},
    {"s", "s"},
    {"sec", "s"},
    {"secs", "s"},
    {"second", "s"},
    {"seconds", "s"},
    {"m", "m"},
    {"min", "m"},
    {"mins", "m"},
    {"minute", "m"},
    {"minutes", "m"},
    {"h", "h"},
    {"hr", "h"},
    {"hrs", "h"},
    {"hour", "h"},
    {"hours", "h"},
    {"d", "d"},
    {"day", "d"},
    {"days", "d"},
    {"w", "w"},
    {"wk", "w"},
    {"wks", "w"},
    {"week", "w"},
    {"weeks", "w"},
    {"y", "y"},
    {"yr", "y"},
    {"yrs", "y"},
    {"year", "y"},
    {"years", "y"},
};

// Why `text` (which parse_duration rejected) is not a duration, and what to write instead.
std::string duration_problem(const std::string& text) {
  std::string_view trimmed = text;
  while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.front())))
    trimmed.remove_prefix(1);
  while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.back())))
    trimmed.remove_suffix(1);
  if (trimmed.empty())
    return std::string("an empty string is not a duration: write a number and a unit, ") +
           DURATION_EXAMPLES;
  if (trimmed.front() == '-') {
    return "'" + text +
           "' is negative, and durations cannot be: write a duration of zero or more, " +
           DURATION_EXAMPLES;
  }
  double number = 0.0;
  const auto [end, error] =
      std::from_chars(trimmed.data(), trimmed.data() + trimmed.size(), number);
  if (error == std::errc() && std::isfinite(number)) {
    const std::string digits(trimmed.data(), end);
    std::string_view unit = trimmed.substr(static_cast<std::size_t>(end - trimmed.data()));
    while (!unit.empty() && std::isspace(static_cast<unsigned char>(unit.front())))
      unit.remove_prefix(1);
    if (unit.empty())
      return "'" + text + "' has no unit: write \"" + digits + "h\" for hours or \"" + digits +
             "m\" for minutes (units: ms, s, m, h, d, w, y)";
    std::string lower(unit);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (unit == "M" || lower == "mo" || lower == "month" || lower == "months")
      return "'" + text +
             "' is not a duration: resim has no month unit ('m' is minutes); write days, such as "
             "\"30d\"";
    for (const auto& spelling : UNIT_SPELLINGS) {
      if (spelling.written != lower) continue;
      if (spelling.unit == unit)  // well-formed, so parse_duration refused its size
        return "'" + text + "' is too long to be a duration: write one of a realistic size, " +
               DURATION_EXAMPLES;
      return "'" + text + "' is not a duration (did you mean '" + digits +
             std::string(spelling.unit) + "'?): the units are ms, s, m, h, d, w and y";
    }
    return "'" + text + "' has an unknown unit '" + std::string(unit) +
           "': write one of ms, s, m, h, d, w, y after the number, " + DURATION_EXAMPLES;
  }
  if (error == std::errc::result_out_of_range)
    return "'" + text + "' is too long to be a duration: write one of a realistic size, " +
           DURATION_EXAMPLES;
  return "'" + text + "' is not a duration: write a number and a unit, " + DURATION_EXAMPLES;
}

std::string format_fraction(double number) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.10g", number);
  return buffer;
}

}  // namespace

JsonReader::JsonReader(const nlohmann::json& value, std::string file,
                       nlohmann::json::json_pointer pointer)
    : value_(&value), file_(std::move(file)), pointer_(std::move(pointer)) {}

void JsonReader::fail(const std::string& message) const {
  throw ScenarioError(file_, pointer_.to_string(), message);
}

bool JsonReader::has(std::string_view key) const {
  return value_->is_object() && value_->contains(key);
}

JsonReader JsonReader::at(std::string_view key) const {
  if (!value_->is_object())
    fail(std::string("expected an object here, found ") + type_name(*value_));
  const auto it = value_->find(key);
  if (it == value_->end()) fail("missing required key '" + std::string(key) + "'");
  return JsonReader(*it, file_, pointer_ / std::string(key));
}

std::optional<JsonReader> JsonReader::find(std::string_view key) const {
  if (!has(key)) return std::nullopt;
  return at(key);
}

void JsonReader::allow_only(std::initializer_list<std::string_view> allowed) const {
  if (!value_->is_object())
    fail(std::string("expected an object here, found ") + type_name(*value_));
  for (const auto& item : value_->items()) {
    bool known = false;
    for (auto key : allowed) known = known || key == item.key();
    if (known) continue;
    std::vector<std::string> names(allowed.begin(), allowed.end());
    std::string list;
    for (const auto& name : names) list += (list.empty() ? "'" : ", '") + name + "'";
    JsonReader(item.value(), file_, pointer_ / item.key())
        .fail("unknown key '" + item.key() + "'" + did_you_mean(item.key(), names) +
              "; allowed here: " + list);
  }
}

std::size_t JsonReader::size() const {
  if (!value_->is_array()) fail(std::string("expected an array here, found ") + type_name(*value_));
  return value_->size();
}

JsonReader JsonReader::at(std::size_t index) const {
  if (index >= size()) fail("index " + std::to_string(index) + " is out of range");
  return JsonReader((*value_)[index], file_, pointer_ / index);
}

std::string JsonReader::as_string() const {
  if (!value_->is_string()) {
    std::string hint;
    if (value_->is_number() || value_->is_boolean())
      hint = " (write it in quotes: \"" + value_->dump() + "\")";
    fail(std::string("expected a string, found ") + type_name(*value_) + hint);
  }
  return value_->get<std::string>();
}

double JsonReader::as_number() const {
  if (!value_->is_number()) {
    std::string hint;
    if (value_->is_string()) hint = " (write it without quotes)";
    fail(std::string("expected a number, found ") + type_name(*value_) + hint);
  }
  return value_->get<double>();
}

std::int64_t JsonReader::as_integer() const {
  const double number = as_number();
  if (!value_->is_number_integer() && number != std::floor(number))
    fail("expected a whole number, found " + value_->dump());
  if (std::fabs(number) > 9.0e15) fail("number " + value_->dump() + " is too large");
  return value_->is_number_unsigned() ? static_cast<std::int64_t>(value_->get<std::uint64_t>())
                                      : value_->get<std::int64_t>();
}

bool JsonReader::as_bool() const {
  if (!value_->is_boolean())
    fail(std::string("expected true or false, found ") + type_name(*value_));
  return value_->get<bool>();
}

double JsonReader::as_duration() const {
  if (value_->is_number()) {
    const std::string number = value_->dump();
    if (value_->get<double>() < 0.0)
      fail("a duration cannot be negative: write a duration with a unit, " +
           std::string(DURATION_EXAMPLES));
    fail("a duration needs a unit, in quotes: write \"" + number + "h\" for hours or \"" + number +
         "m\" for minutes (units: ms, s, m, h, d, w, y)");
  }
  if (!value_->is_string())
    fail(std::string("expected a duration string such as \"30m\" or \"2000h\", found ") +
         type_name(*value_));
  const std::string text = value_->get<std::string>();
  const auto seconds = parse_duration(text);
  if (!seconds) fail(duration_problem(text));
  return *seconds;
}

double JsonReader::as_positive_duration() const {
  const double seconds = as_duration();
  if (!(seconds > 0.0))
    fail("must be longer than zero: write a duration such as \"30m\" or \"2000h\"");
  return seconds;
}

double JsonReader::as_fraction() const {
  const double number = as_number();
  if (!(number > 0.0 && number < 1.0)) {
    // 99.95 for 0.9995 is the likeliest slip.
    const std::string hint = number > 1.0 && number < 100.0
                                 ? " (a percentage? write " + format_fraction(number / 100.0) + ")"
                                 : "";
    fail("expected a number between 0 and 1 (exclusive), such as 0.9995; found " + value_->dump() +
         hint);
  }
  return number;
}

}  // namespace resim
