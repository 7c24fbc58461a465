// The distribution of a duration over incidents (outages, failovers, restores), as reported.
#pragma once

#include <cstdint>
#include <vector>

namespace resim {

struct DurationSummary {
  std::int64_t count = 0;
  double mean_s = 0.0;
  double p50_s = 0.0;
  double p95_s = 0.0;
  double p99_s = 0.0;
  double max_s = 0.0;
  std::vector<double> table_s;  // at QUANTILE_TABLE_LEVELS (sim/quantile_table.h), for charts
};

}  // namespace resim
