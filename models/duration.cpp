#include "models/duration.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace resim {

namespace {

struct Unit {
  std::string_view name;
  double seconds;
};

constexpr double SECONDS_PER_MINUTE = 60.0;
constexpr double SECONDS_PER_DAY = 24.0 * SECONDS_PER_HOUR;

constexpr std::array<Unit, 7> UNITS{{
    {"ms", 1.0e-3},
    {"s", 1.0},
    {"m", SECONDS_PER_MINUTE},
    {"h", SECONDS_PER_HOUR},
    {"d", SECONDS_PER_DAY},
    {"w", 7.0 * SECONDS_PER_DAY},
    {"y", SECONDS_PER_YEAR},
}};

// The units format_duration writes, largest first. Weeks are left out on purpose: "3w 2d"
// reads worse than "23d", and planners think of long spans in days and years.
constexpr std::array<Unit, 5> DISPLAY_UNITS{{
    {"y", SECONDS_PER_YEAR},
    {"d", SECONDS_PER_DAY},
    {"h", SECONDS_PER_HOUR},
    {"m", SECONDS_PER_MINUTE},
    {"s", 1.0},
}};

// "1d 2h" for 26.3 h hides a fifth of an hour and reads worse than "26h 18m": days start at 3,
// less the half minute that rounds up to them.
constexpr double FIRST_DAYS_S = 3.0 * SECONDS_PER_DAY - 30.0;

// Beyond this the two-unit form stops being useful (and whole counts stop fitting exactly).
constexpr double MAX_TWO_UNIT_YEARS = 1.0e6;

bool is_space(char c) {
  return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

std::optional<double> unit_seconds(std::string_view name) {
  for (const auto& unit : UNITS) {
    if (unit.name == name) return unit.seconds;
  }
  return std::nullopt;
}

// `value` with at most `digits` significant digits and no trailing zeros: 1.5, 250, 0.001.
std::string format_significant(double value, int digits) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.*g", digits, value);
  return buffer;
}

// Rounds `value` to `digits` significant digits, so that callers can see a carry such as
// 999.7 -> 1000 before choosing the unit to print it in.
double round_significant(double value, int digits) {
  const std::string text = format_significant(value, digits);
  double rounded = value;
  std::from_chars(text.data(), text.data() + text.size(), rounded);
  return rounded;
}

std::string format_count(double count, std::string_view unit) {
  return format_significant(count, 15) + std::string(unit);
}

// One or two units for seconds >= 1, rounded to a whole number of the smaller unit.
std::string format_two_units(double seconds) {
  std::size_t major = 0;
  while (major + 1 < DISPLAY_UNITS.size() && seconds < DISPLAY_UNITS[major].seconds) ++major;
  if (DISPLAY_UNITS[major].seconds == SECONDS_PER_DAY && seconds < FIRST_DAYS_S) ++major;
  if (major + 1 == DISPLAY_UNITS.size()) {
    const double rounded = round_significant(seconds, 3);
    if (rounded < SECONDS_PER_MINUTE) return format_significant(rounded, 3) + "s";
    return format_two_units(rounded);  // 59.97 s rounds up into minutes
  }
  const Unit& big = DISPLAY_UNITS[major];
  const Unit& small = DISPLAY_UNITS[major + 1];
  const double total = std::round(seconds / small.seconds);
  const double bigs = std::floor(total * small.seconds / big.seconds + 1e-9);
  const double smalls = std::round(total - bigs * big.seconds / small.seconds);
  // The largest unit has no next one: DISPLAY_UNITS[major - 1] is read only below it (ASan found
  // the read at index -1 when the check came after it).
  if (major > 0) {
    const double next_unit_from =
        big.seconds == SECONDS_PER_HOUR ? FIRST_DAYS_S : DISPLAY_UNITS[major - 1].seconds;
    if (bigs * big.seconds >= next_unit_from)
      return format_two_units(bigs * big.seconds);  // 23h 59.9m rounds up to a whole day
  }
  std::string text = format_count(bigs, big.name);
  if (smalls > 0.0) text += " " + format_count(smalls, small.name);
  return text;
}

std::string format_sub_second(double seconds) {
  const double milliseconds = round_significant(seconds * 1.0e3, 3);
  if (milliseconds >= 1.0e3) return "1s";
  return format_significant(milliseconds, 3) + "ms";
}

}  // namespace

std::optional<double> parse_duration(std::string_view text) {
  text = trim(text);
  // from_chars would accept "-5"; a leading '+' it rejects by itself.
  if (text.empty() || text.front() == '-') return std::nullopt;
  double number = 0.0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error != std::errc()) return std::nullopt;
  const auto unit = unit_seconds(trim(text.substr(static_cast<std::size_t>(end - text.data()))));
  if (!unit) return std::nullopt;
  const double seconds = number * *unit;
  if (!std::isfinite(seconds)) return std::nullopt;
  return seconds;
}

std::string format_duration(double seconds) {
  if (std::isnan(seconds)) return "nan";
  if (seconds < 0.0) return "-" + format_duration(-seconds);
  if (std::isinf(seconds)) return "inf";
  if (seconds == 0.0) return "0s";
  if (seconds < 1.0) return format_sub_second(seconds);
  const double years = seconds / SECONDS_PER_YEAR;
  if (years >= MAX_TWO_UNIT_YEARS) return format_significant(years, 3) + "y";
  return format_two_units(seconds);
}

}  // namespace resim
