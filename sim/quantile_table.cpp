#include "sim/quantile_table.h"

namespace resim {

std::vector<double> quantile_table(const Histogram& values, double scale) {
  std::vector<double> table;
  if (values.empty()) return table;
  table.reserve(QUANTILE_TABLE_LEVELS.size());
  for (double level : QUANTILE_TABLE_LEVELS) table.push_back(values.quantile(level) * scale);
  return table;
}

}  // namespace resim
