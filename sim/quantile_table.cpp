#include "sim/quantile_table.h"

#include "sim/statistics.h"

namespace resim {

std::vector<double> quantile_table(const std::vector<double>& sorted) {
  std::vector<double> table;
  if (sorted.empty()) return table;
  table.reserve(QUANTILE_TABLE_LEVELS.size());
  for (double level : QUANTILE_TABLE_LEVELS) table.push_back(quantile_sorted(sorted, level));
  return table;
}

}  // namespace resim
