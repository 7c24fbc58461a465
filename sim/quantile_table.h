// A compact table of quantiles at fixed levels: enough to draw a distribution's CDF in a chart
// (reports/resim_charts) without shipping every observation in the results JSON.
#pragma once

#include <array>
#include <vector>

#include "sim/histogram.h"

namespace resim {

// Dense in both tails: the bad years of availability sit at the low levels, long outages at the
// high ones.
inline constexpr std::array<double, 29> QUANTILE_TABLE_LEVELS{
    0.0,  0.001, 0.005, 0.01, 0.025, 0.05, 0.1,  0.15, 0.2,  0.25,  0.3,  0.35,  0.4,   0.45, 0.5,
    0.55, 0.6,   0.65,  0.7,  0.75,  0.8,  0.85, 0.9,  0.95, 0.975, 0.99, 0.995, 0.999, 1.0};

// The quantile of the values (times `scale`) at each of QUANTILE_TABLE_LEVELS; empty when no
// value. Exact (type 7) while the histogram is, else within its relative error.
std::vector<double> quantile_table(const Histogram& values, double scale = 1.0);

}  // namespace resim
