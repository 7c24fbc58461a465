// Parsing scenario text into JSON, stricter than nlohmann::json::parse: a key given twice in
// one object is an error naming both places, a number beyond a double (1e400) gets its line
// and column, and nesting deeper than any scenario needs is refused (it only invites stack
// exhaustion in code that walks the document).
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>

namespace resim {

// Objects and arrays nested deeper than this are refused; scenarios need about 6.
inline constexpr std::size_t MAX_JSON_DEPTH = 64;

// Throws ScenarioError (file, JSON pointer where there is one, what to write instead).
nlohmann::json parse_json_document(const std::string& text, const std::string& file);

}  // namespace resim
