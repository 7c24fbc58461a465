#include "models/json_reader.h"

#include <cmath>
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
  if (!value_->is_object()) fail(std::string("expected an object here, found ") + type_name(*value_));
  const auto it = value_->find(key);
  if (it == value_->end()) fail("missing required key '" + std::string(key) + "'");
  return JsonReader(*it, file_, pointer_ / std::string(key));
}

std::optional<JsonReader> JsonReader::find(std::string_view key) const {
  if (!has(key)) return std::nullopt;
  return at(key);
}

void JsonReader::allow_only(std::initializer_list<std::string_view> allowed) const {
  if (!value_->is_object()) fail(std::string("expected an object here, found ") + type_name(*value_));
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
  if (!value_->is_string()) fail(std::string("expected a string, found ") + type_name(*value_));
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
  if (!value_->is_boolean()) fail(std::string("expected true or false, found ") + type_name(*value_));
  return value_->get<bool>();
}

double JsonReader::as_duration() const {
  if (value_->is_number()) {
    fail("a duration needs a unit: write \"" + value_->dump() + "h\" for hours (units: s, m, h, d, w, y)");
  }
  if (!value_->is_string())
    fail(std::string("expected a duration string such as \"30m\" or \"2000h\", found ") +
         type_name(*value_));
  const std::string text = value_->get<std::string>();
  const auto seconds = parse_duration(text);
  if (!seconds)
    fail("'" + text + "' is not a duration: write a number and a unit, such as \"45s\", \"30m\", "
         "\"4h\", \"2d\", \"1w\" or \"1y\"");
  return *seconds;
}

double JsonReader::as_positive_duration() const {
  const double seconds = as_duration();
  if (!(seconds > 0.0)) fail("must be longer than zero");
  return seconds;
}

double JsonReader::as_fraction() const {
  const double number = as_number();
  if (!(number > 0.0 && number < 1.0))
    fail("expected a number between 0 and 1 (exclusive), such as 0.9995; found " + value_->dump());
  return number;
}

}  // namespace resim
