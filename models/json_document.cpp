#include "models/json_document.h"

#include <iterator>
#include <map>
#include <type_traits>
#include <vector>

#include "models/scenario_error.h"

namespace resim {

namespace {

using nlohmann::json;

// An input iterator over the text that records how far the lexer has read, so that SAX
// events (which carry no position) can be placed in the text.
class TrackingIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  TrackingIterator(const char* at, const char** furthest) : at_(at), furthest_(furthest) {}
  reference operator*() const { return *at_; }
  TrackingIterator& operator++() {
    *furthest_ = ++at_;
    return *this;
  }
  TrackingIterator operator++(int) {
    TrackingIterator before = *this;
    ++*this;
    return before;
  }
  bool operator==(const TrackingIterator& other) const { return at_ == other.at_; }
  bool operator!=(const TrackingIterator& other) const { return at_ != other.at_; }

 private:
  const char* at_;
  const char** furthest_;
};

std::string line_and_column(const std::string& text, std::size_t offset) {
  std::size_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i)
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  return "line " + std::to_string(line) + ", column " + std::to_string(offset - line_start + 1);
}

// Where the key whose closing quote ends just before `end` opens.
std::size_t key_start(const std::string& text, std::size_t end) {
  for (std::size_t i = end >= 2 ? end - 2 : 0; i > 0; --i) {
    if (text[i] != '"') continue;
    std::size_t backslashes = 0;
    while (backslashes < i && text[i - 1 - backslashes] == '\\') ++backslashes;
    if (backslashes % 2 == 0) return i;
  }
  return 0;
}

// Builds the DOM through nlohmann's own SAX builder, checking keys and depth on the way.
class CheckingSax {
 public:
  CheckingSax(json& root, const std::string& text, const std::string& file, const char** read)
      : dom_(root), text_(text), file_(file), read_(read) {}

  bool null() { return value() && dom_.null(); }
  bool boolean(bool b) { return value() && dom_.boolean(b); }
  bool number_integer(json::number_integer_t n) { return value() && dom_.number_integer(n); }
  bool number_unsigned(json::number_unsigned_t n) { return value() && dom_.number_unsigned(n); }
  bool number_float(json::number_float_t n, const json::string_t& s) {
    return value() && dom_.number_float(n, s);
  }
  bool string(json::string_t& s) { return value() && dom_.string(s); }
  bool binary(json::binary_t& b) { return value() && dom_.binary(b); }
  bool start_object(std::size_t n) { return open(true) && dom_.start_object(n); }
  bool start_array(std::size_t n) { return open(false) && dom_.start_array(n); }
  bool end_object() {
    frames_.pop_back();
    return dom_.end_object();
  }
  bool end_array() {
    frames_.pop_back();
    return dom_.end_array();
  }

  bool key(json::string_t& k) {
    Frame& frame = frames_.back();
    const auto end = static_cast<std::size_t>(*read_ - text_.data());
    const std::size_t start = key_start(text_, end);
    const auto [first, inserted] = frame.keys.emplace(k, start);
    frame.key = k;
    if (!inserted)
      throw ScenarioError(file_, pointer(),
                          "the key '" + k + "' is given twice in this object, at " +
                              line_and_column(text_, first->second) + " and again at " +
                              line_and_column(text_, start) +
                              ": a JSON object takes each key once, so keep one of them (merge "
                              "the two if both hold entries you need)");
    return dom_.key(k);
  }

  template <class Exception>
  bool parse_error(std::size_t position, const std::string& token, const Exception& error) {
    std::string what = error.what();
    if (what.rfind("[json.exception.", 0) == 0 && what.find("] ") != std::string::npos)
      what.erase(0, what.find("] ") + 2);
    // nlohmann places syntax errors itself; a number beyond a double it does not.
    if constexpr (std::is_same_v<Exception, json::parse_error>)
      throw ScenarioError(
          file_, "",
          "not valid JSON: " + what + " (check for a missing comma, quote or brace there)");
    const std::size_t start = position >= token.size() ? position - token.size() : 0;
    throw ScenarioError(file_, pointer(false),
                        "not valid JSON: " + what + " at " + line_and_column(text_, start) +
                            " (write a number of a realistic size)");
  }

 private:
  struct Frame {
    bool object;
    std::size_t items = 0;                    // arrays: values so far
    std::string key;                          // objects: the key of the value being read
    std::map<std::string, std::size_t> keys;  // objects: where each key was first given
  };

  // Every value (scalar or container) in an array takes the next index.
  bool value() {
    if (!frames_.empty() && !frames_.back().object) ++frames_.back().items;
    return true;
  }
  bool open(bool object) {
    value();
    if (frames_.size() >= MAX_JSON_DEPTH)
      throw ScenarioError(file_, pointer(),
                          "objects and arrays are nested more than " +
                              std::to_string(MAX_JSON_DEPTH) +
                              " deep here; a scenario needs about 6 levels "
                              "(docs/scenario-format.md)");
    frames_.push_back(Frame{object, 0, {}, {}});
    return true;
  }
  // The JSON pointer of the value being read.
  // `started`: false while the value has not reached value() yet (a number being rejected).
  std::string pointer(bool started = true) const {
    json::json_pointer where;
    for (std::size_t i = 0; i < frames_.size(); ++i) {
      const Frame& frame = frames_[i];
      const bool last = i + 1 == frames_.size();
      const std::size_t index = frame.items - (started || !last ? 1 : 0);
      where = frame.object ? where / frame.key : where / index;
    }
    return where.to_string();
  }

  nlohmann::detail::json_sax_dom_parser<json> dom_;
  const std::string& text_;
  const std::string& file_;
  const char** read_;
  std::vector<Frame> frames_;
};

}  // namespace

json parse_json_document(const std::string& text, const std::string& file) {
  json document;
  const char* read = text.data();
  CheckingSax sax(document, text, file, &read);
  json::sax_parse(TrackingIterator(text.data(), &read),
                  TrackingIterator(text.data() + text.size(), &read), &sax);
  return document;
}

}  // namespace resim
