#include "models/scenario_error.h"

#include <algorithm>
#include <numeric>

namespace resim {

namespace {

std::string format_error(const std::string& file, const std::string& pointer,
                         const std::string& message) {
  std::string where = file.empty() ? std::string("<scenario>") : file;
  where += ": ";
  where += pointer.empty() ? std::string("/") : pointer;
  return where + ": " + message;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      diagonal = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, substitution});
    }
  }
  return row[b.size()];
}

}  // namespace

ScenarioError::ScenarioError(std::string file, std::string pointer, std::string message)
    : std::runtime_error(format_error(file, pointer, message)),
      file_(std::move(file)),
      pointer_(std::move(pointer)),
      message_(std::move(message)) {}

std::string closest_match(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = 0;
  for (const auto& candidate : candidates) {
    const std::size_t d = edit_distance(word, candidate);
    if (best.empty() || d < best_distance) {
      best = candidate;
      best_distance = d;
    }
  }
  // A third of the word's length (at least 1, at most 3) separates typos from other words.
  const std::size_t limit = std::clamp<std::size_t>(word.size() / 3, 1, 3);
  return best_distance <= limit ? best : std::string();
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  const std::string match = closest_match(word, candidates);
  if (match.empty()) return {};
  std::string hint = " (did you mean '";
  hint.append(match).append("'?)");
  return hint;
}

}  // namespace resim
