// The quantile table the results JSON carries for charts: type-7 quantiles at fixed levels.
#include <catch2/catch.hpp>

#include "sim/quantile_table.h"

namespace resim::test {
namespace {

TEST_CASE("quantile table of 0..500 is the levels scaled", "[quantile_table]") {
  // 501 values: within the histogram's exact buffer, so the quantiles are exact type 7.
  Histogram values;
  for (int i = 0; i <= 500; ++i) values.add(i);
  REQUIRE(values.exact());
  const auto table = quantile_table(values, 2.0);
  REQUIRE(table.size() == QUANTILE_TABLE_LEVELS.size());
  // Type 7 on 0..n-1 gives exactly level * (n - 1); 500 * level is exact in doubles here.
  for (std::size_t i = 0; i < table.size(); ++i)
    CHECK(table[i] == Approx(QUANTILE_TABLE_LEVELS[i] * 1000.0).margin(1e-9));
  CHECK(table.front() == 0.0);
  CHECK(table.back() == 1000.0);
}

TEST_CASE("quantile table: levels increase from 0 to 1, empty input gives no table",
          "[quantile_table]") {
  CHECK(QUANTILE_TABLE_LEVELS.front() == 0.0);
  CHECK(QUANTILE_TABLE_LEVELS.back() == 1.0);
  for (std::size_t i = 1; i < QUANTILE_TABLE_LEVELS.size(); ++i)
    CHECK(QUANTILE_TABLE_LEVELS[i] > QUANTILE_TABLE_LEVELS[i - 1]);
  CHECK(quantile_table(Histogram{}).empty());
  Histogram seven;
  seven.add(7.0);
  CHECK(quantile_table(seven) == std::vector<double>(QUANTILE_TABLE_LEVELS.size(), 7.0));
}

}  // namespace
}  // namespace resim::test
