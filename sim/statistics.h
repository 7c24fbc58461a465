// Estimates with confidence intervals, and order statistics.
#pragma once

#include <cstdint>
#include <vector>

namespace resim {

inline constexpr double CONFIDENCE = 0.95;

struct Estimate {
  double mean = 0.0;
  double std_error = 0.0;
  double half_width = 0.0;  // of the CONFIDENCE interval
  std::int64_t n = 0;
  double low() const { return mean - half_width; }
  double high() const { return mean + half_width; }
};

struct Interval {
  double low = 0.0;
  double high = 0.0;
};

// Mean of independent observations with a Student-t interval; summed in the given order.
Estimate estimate_mean(const std::vector<double>& values);

// Two-sided quantile of Student's t with `dof` degrees of freedom.
double t_quantile(double probability, double dof);

// Wilson score interval for a proportion: well-behaved at 0 and 1, unlike the normal one.
Interval wilson_interval(std::int64_t successes, std::int64_t n, double confidence = CONFIDENCE);

// Quantile (linear interpolation between order statistics, "type 7") of sorted values.
double quantile_sorted(const std::vector<double>& sorted, double q);

// Sorts a copy and takes the quantiles.
std::vector<double> quantiles(std::vector<double> values, const std::vector<double>& qs);

}  // namespace resim
