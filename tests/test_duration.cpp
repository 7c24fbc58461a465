#include <catch2/catch.hpp>

#include <limits>

#include "models/duration.h"

using resim::format_duration;
using resim::parse_duration;

namespace {

constexpr double MINUTE = 60.0;
constexpr double HOUR = 3600.0;
constexpr double DAY = 24.0 * HOUR;
constexpr double YEAR = 365.0 * DAY;

}  // namespace

TEST_CASE("parse_duration reads every unit", "[duration]") {
  CHECK(parse_duration("45s") == 45.0);
  CHECK(parse_duration("30m") == 30.0 * MINUTE);
  CHECK(parse_duration("4h") == 4.0 * HOUR);
  CHECK(parse_duration("2d") == 2.0 * DAY);
  CHECK(parse_duration("1w") == 7.0 * DAY);
  CHECK(parse_duration("1y") == 8760.0 * HOUR);
  CHECK(parse_duration("1y") == resim::SECONDS_PER_YEAR);
  CHECK(parse_duration("250ms") == Approx(0.25).epsilon(1e-15));
}

TEST_CASE("parse_duration reads fractions, zero and spaces", "[duration]") {
  CHECK(parse_duration("1.5h") == 1.5 * HOUR);
  CHECK(parse_duration("0.5d") == 12.0 * HOUR);
  CHECK(parse_duration("2 h") == 2.0 * HOUR);
  CHECK(parse_duration(" 3m ") == 3.0 * MINUTE);
  CHECK(parse_duration("0s") == 0.0);
  CHECK(parse_duration("2000h") == 2000.0 * HOUR);
}

TEST_CASE("parse_duration rejects what is not a number and a known unit", "[duration]") {
  for (const char* text :
       {"",       " ",      "h",     "45",  "2000",  "4hours",    "4 hours", "4x",
        "4H",     "4hh",    "-5h",   "-0s", "+5h",   "inf h",     "infh",    "nanh",
        "1e400h", "4h 30m", "1.5.h", "h4",  "0x10h", "four hours"}) {
    INFO("text: '" << text << "'");
    CHECK_FALSE(parse_duration(text).has_value());
  }
}

TEST_CASE("format_duration uses at most two units", "[duration]") {
  CHECK(format_duration(0.0) == "0s");
  CHECK(format_duration(45.0) == "45s");
  CHECK(format_duration(2.0 * MINUTE + 30.0) == "2m 30s");
  CHECK(format_duration(30.0 * MINUTE) == "30m");
  CHECK(format_duration(4.0 * HOUR + 12.0 * MINUTE) == "4h 12m");
  CHECK(format_duration(2000.0 * HOUR) == "83d 8h");
  CHECK(format_duration(3.0 * DAY + 2.0 * HOUR) == "3d 2h");
  CHECK(format_duration(26.3 * HOUR) == "26h 18m");  // not "1d 2h": days start at 3
  CHECK(format_duration(DAY) == "24h");
  CHECK(format_duration(3.0 * DAY - 10.0) == "3d");
  CHECK(format_duration(YEAR + 12.0 * DAY) == "1y 12d");
  CHECK(format_duration(7.0 * DAY) == "7d");
  CHECK(format_duration(2.0 * YEAR) == "2y");
}

TEST_CASE("format_duration rounds to the smaller unit and carries", "[duration]") {
  CHECK(format_duration(4.0 * HOUR + 12.0 * MINUTE + 29.0) == "4h 12m");
  CHECK(format_duration(4.0 * HOUR + 12.0 * MINUTE + 31.0) == "4h 13m");
  CHECK(format_duration(HOUR - 0.4) == "1h");
  CHECK(format_duration(2.0 * HOUR - 10.0) == "2h");
  CHECK(format_duration(DAY - 10.0) == "24h");
  CHECK(format_duration(YEAR - 60.0) == "1y");
  CHECK(format_duration(59.97) == "1m");
}

TEST_CASE("format_duration shows seconds and sub-seconds with three digits", "[duration]") {
  CHECK(format_duration(1.5) == "1.5s");
  CHECK(format_duration(12.34) == "12.3s");
  CHECK(format_duration(0.25) == "250ms");
  CHECK(format_duration(0.12) == "120ms");
  CHECK(format_duration(0.0015) == "1.5ms");
  CHECK(format_duration(0.99996) == "1s");
}

TEST_CASE("format_duration handles very long and odd values", "[duration]") {
  CHECK(format_duration(3.0e6 * YEAR) == "3e+06y");
  CHECK(format_duration(-90.0) == "-1m 30s");
  CHECK(format_duration(std::numeric_limits<double>::infinity()) == "inf");
}

TEST_CASE("format_duration output parses back to the rounded value", "[duration]") {
  for (double seconds : {45.0, 30.0 * MINUTE, 4.0 * HOUR, 2.0 * DAY, 3.0 * YEAR}) {
    const auto parsed = parse_duration(format_duration(seconds));
    REQUIRE(parsed.has_value());
    CHECK(*parsed == seconds);
  }
}
