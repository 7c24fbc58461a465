// A replayed trial (resim replay): its timeline as text for the terminal and as JSON for the
// chart package (reports/resim_charts/replay.py). docs/reports.md describes both.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

#include "sim/replay.h"
#include "sim/timeline.h"

namespace resim {

inline constexpr int TIMELINE_FORMAT_VERSION = 1;

// Which trial of which run was replayed, and why.
struct ReplayContext {
  std::string scenario_name;
  std::string scenario_file;
  std::uint64_t seed = 0;
  std::int64_t trials = 0;
  std::optional<WorstBy> worst;  // chosen as the worst trial by this, else given by --trial
};

// "12d 04:13:20", with milliseconds when the time has a fraction of a second.
std::string format_clock(double seconds);

nlohmann::json timeline_to_json(const Timeline& timeline, const ReplayContext& context);
void print_timeline(std::ostream& out, const Timeline& timeline, const ReplayContext& context);

}  // namespace resim
