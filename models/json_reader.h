// A read-only view of one JSON value that knows where it is (file and JSON pointer), so
// every error it raises says exactly where and what to write instead.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace resim {

class JsonReader {
 public:
  JsonReader(const nlohmann::json& value, std::string file,
             nlohmann::json::json_pointer pointer = nlohmann::json::json_pointer());

  [[noreturn]] void fail(const std::string& message) const;

  const std::string& file() const { return file_; }
  std::string pointer() const { return pointer_.to_string(); }
  const nlohmann::json& value() const { return *value_; }

  bool is_object() const { return value_->is_object(); }
  bool is_array() const { return value_->is_array(); }
  bool is_string() const { return value_->is_string(); }
  bool is_number() const { return value_->is_number(); }

  // Object access. `at` fails with "missing required key" when the key is absent.
  bool has(std::string_view key) const;
  JsonReader at(std::string_view key) const;
  std::optional<JsonReader> find(std::string_view key) const;
  // Every key of this object must be one of `allowed`; an unknown key is an error that
  // names the closest allowed key.
  void allow_only(std::initializer_list<std::string_view> allowed) const;

  // Array access.
  std::size_t size() const;
  JsonReader at(std::size_t index) const;

  std::string as_string() const;
  double as_number() const;
  std::int64_t as_integer() const;
  bool as_bool() const;
  // A duration string with a unit ("30m", "2000h"); the result is in seconds.
  double as_duration() const;
  // A positive duration (> 0 s).
  double as_positive_duration() const;
  // A probability-like number in (0, 1).
  double as_fraction() const;

 private:
  const nlohmann::json* value_;
  std::string file_;
  nlohmann::json::json_pointer pointer_;
};

}  // namespace resim
