#include "sim/statistics.h"

#include <algorithm>
#include <cmath>

#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>

namespace resim {

double t_quantile(double probability, double dof) {
  if (!(dof >= 1.0)) return std::numeric_limits<double>::infinity();
  return boost::math::quantile(boost::math::students_t(dof), probability);
}

Estimate estimate_mean(const std::vector<double>& values) {
  Estimate e;
  e.n = static_cast<std::int64_t>(values.size());
  if (values.empty()) return e;
  double sum = 0.0;
  for (double v : values) sum += v;
  e.mean = sum / static_cast<double>(values.size());
  if (values.size() < 2) {
    e.std_error = e.half_width = std::numeric_limits<double>::infinity();
    return e;
  }
  double squares = 0.0;
  for (double v : values) squares += (v - e.mean) * (v - e.mean);
  const double n = static_cast<double>(values.size());
  e.std_error = std::sqrt(squares / (n - 1.0) / n);
  e.half_width = t_quantile(0.5 + CONFIDENCE / 2.0, n - 1.0) * e.std_error;
  return e;
}

Interval wilson_interval(std::int64_t successes, std::int64_t n, double confidence) {
  if (n <= 0) return Interval{0.0, 1.0};
  const double z = boost::math::quantile(boost::math::normal(), 0.5 + confidence / 2.0);
  const double total = static_cast<double>(n);
  const double p = static_cast<double>(successes) / total;
  const double denominator = 1.0 + z * z / total;
  const double centre = (p + z * z / (2.0 * total)) / denominator;
  const double spread =
      z * std::sqrt(p * (1.0 - p) / total + z * z / (4.0 * total * total)) / denominator;
  return Interval{std::max(0.0, centre - spread), std::min(1.0, centre + spread)};
}

double quantile_sorted(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0.0;
  const double position = q * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  const double fraction = position - static_cast<double>(below);
  return sorted[below] + fraction * (sorted[above] - sorted[below]);
}

std::vector<double> quantiles(std::vector<double> values, const std::vector<double>& qs) {
  std::sort(values.begin(), values.end());
  std::vector<double> result;
  for (double q : qs) result.push_back(quantile_sorted(values, q));
  return result;
}

}  // namespace resim
