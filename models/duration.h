// Durations as planners write them: "45s", "30m", "4h", "2d", "1w", "1y" (1y = 8760h).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace resim {

inline constexpr double SECONDS_PER_HOUR = 3600.0;
inline constexpr double SECONDS_PER_YEAR = 8760.0 * SECONDS_PER_HOUR;

// Seconds, or nullopt when `text` is not a number followed by one of the units
// ms, s, m, h, d, w, y. Whitespace between number and unit is allowed; negative values and
// non-finite values are rejected.
std::optional<double> parse_duration(std::string_view text);

// A short human form with at most two units: "45s", "2m 30s", "4h 12m", "3d 2h", "1y 12d".
std::string format_duration(double seconds);

}  // namespace resim
