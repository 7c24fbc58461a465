// The one error type for everything wrong with a scenario: where (file and JSON pointer)
// and what to write instead.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace resim {

class ScenarioError : public std::runtime_error {
 public:
  ScenarioError(std::string file, std::string pointer, std::string message);

  const std::string& file() const { return file_; }
  const std::string& pointer() const { return pointer_; }
  const std::string& message() const { return message_; }

 private:
  std::string file_;
  std::string pointer_;
  std::string message_;
};

// `text` with control characters (C0, DEL and C1, which terminals act on) written as \u00XX,
// so that a message quoting the planner's text cannot forge lines or clear the screen.
std::string printable(std::string_view text);

// Whether `text` has a control character that printable() would escape.
bool has_control_character(std::string_view text);

// Words longer than this get no suggestion: edit distance is O(n·m), and no planner misspells
// a 1 MB name.
inline constexpr std::size_t MAX_SUGGESTION_LENGTH = 128;

// The candidate closest to `word` by edit distance, or "" when none is close enough to be
// a plausible misspelling. Bounded: O(MAX_SUGGESTION_LENGTH²) per candidate at most.
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" or "" — appended to messages about unknown keys and names.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace resim
