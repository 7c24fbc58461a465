#include "models/scenario_error.h"

#include <algorithm>
#include <numeric>

namespace resim {

namespace {

// The length of the control character at text[i], or 0: bytes 0x00-0x1F and 0x7F, and the C1
// controls U+0080-U+009F, which UTF-8 writes as 0xC2 0x80-0x9F.
std::size_t control_length(std::string_view text, std::size_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  if (c < 0x20 || c == 0x7F) return 1;
  if (c == 0xC2 && i + 1 < text.size()) {
    const auto next = static_cast<unsigned char>(text[i + 1]);
    if (next >= 0x80 && next <= 0x9F) return 2;
  }
  return 0;
}

std::string format_error(const std::string& file, const std::string& pointer,
                         const std::string& message) {
  std::string where = file.empty() ? std::string("<scenario>") : file;
  where += ": ";
  where += pointer.empty() ? std::string("/") : pointer;
  return printable(where + ": " + message);
}

// Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
// adjacent characters ("scael" for "scale") each count 1.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    before.swap(previous);
    previous.swap(row);
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({previous[j] + 1, row[j - 1] + 1, substitution});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        row[j] = std::min(row[j], before[j - 2] + 1);
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

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const std::size_t length = control_length(text, i);
    if (length == 0) {
      out += text[i];
      continue;
    }
    const unsigned code =
        length == 1 ? static_cast<unsigned char>(text[i]) : static_cast<unsigned char>(text[i + 1]);
    static const char* const HEX = "0123456789abcdef";
    out.append("\\u00").append(1, HEX[code >> 4]).append(1, HEX[code & 15]);
    i += length - 1;
  }
  return out;
}

bool has_control_character(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i)
    if (control_length(text, i) > 0) return true;
  return false;
}

std::string closest_match(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = 0;
  if (word.size() > MAX_SUGGESTION_LENGTH) return best;
  // A third of the word's length (at least 1, at most 3) separates typos from other words.
  const std::size_t limit = std::clamp<std::size_t>(word.size() / 3, 1, 3);
  for (const auto& candidate : candidates) {
    // The distance is at least the difference in length: skip what cannot be close enough.
    const std::size_t gap = candidate.size() > word.size() ? candidate.size() - word.size()
                                                           : word.size() - candidate.size();
    if (gap > limit) continue;
    const std::size_t d = edit_distance(word, candidate);
    if (best.empty() || d < best_distance) {
      best = candidate;
      best_distance = d;
    }
  }
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
