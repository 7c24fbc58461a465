// The one error type for everything wrong with a scenario: where (file and JSON pointer)
// and what to write instead.
#pragma once

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

// The candidate closest to `word` by edit distance, or "" when none is close enough to be
// a plausible misspelling.
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" or "" — appended to messages about unknown keys and names.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace resim
