// `resim analyze`: exact figures for people (terminal) and machines (JSON).
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <ostream>
#include <vector>

#include "models/analysis.h"

namespace resim {

struct PointAvailability {
  std::vector<double> times_s;
  std::vector<double> availability;
};

void print_analysis(std::ostream& out, const Topology& topology, const AnalysisResult& result,
                    const std::optional<PointAvailability>& transient);

nlohmann::json analysis_to_json(const Topology& topology, const AnalysisResult& result,
                                const std::optional<PointAvailability>& transient);

}  // namespace resim
