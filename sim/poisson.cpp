#include "sim/poisson.h"

#include <cmath>

namespace resim {

namespace {

// One uniform, then the CDF summed until it passes it: exact while e^-mean is a normal double
// and O(mean) steps, so only used for small means.
std::int64_t poisson_by_inversion(double mean, RandomStream& stream) {
  const double u = stream.uniform();
  double p = std::exp(-mean);
  double cumulative = p;
  std::int64_t k = 0;
  // The cumulative sum can stall a hair below 1 in rounding; past mean + 40 sd it is over.
  const auto last = static_cast<std::int64_t>(mean + 40.0 * std::sqrt(mean) + 40.0);
  while (u > cumulative && k < last) {
    ++k;
    p *= mean / static_cast<double>(k);
    cumulative += p;
  }
  return k;
}

// W. Hörmann, "The transformed rejection method for generating Poisson random variables",
// Insurance: Mathematics and Economics 12 (1993): PTRS, exact for mean ≥ 10, about 1.1
// uniform pairs per variate whatever the mean.
std::int64_t poisson_by_rejection(double mean, RandomStream& stream) {
  const double sqrt_mean = std::sqrt(mean);
  const double log_mean = std::log(mean);
  const double b = 0.931 + 2.53 * sqrt_mean;
  const double a = -0.059 + 0.02483 * b;
  const double inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
  const double v_r = 0.9277 - 3.6224 / (b - 2.0);
  for (;;) {
    const double u = stream.uniform() - 0.5;
    const double v = stream.uniform();
    const double us = 0.5 - std::fabs(u);
    const double k = std::floor((2.0 * a / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= v_r) return static_cast<std::int64_t>(k);
    if (k < 0.0 || (us < 0.013 && v > us)) continue;
    // log(k!) by lgamma; glibc's lgamma only writes signgam, which is + for k + 1 > 0.
    if (std::log(v) + std::log(inv_alpha) - std::log(a / (us * us) + b) <=
        -mean + k * log_mean - std::lgamma(k + 1.0))
      return static_cast<std::int64_t>(k);
  }
}

}  // namespace

std::int64_t sample_poisson(double mean, RandomStream& stream) {
  if (!(mean > 0.0)) return 0;
  return mean < POISSON_INVERSION_LIMIT ? poisson_by_inversion(mean, stream)
                                        : poisson_by_rejection(mean, stream);
}

}  // namespace resim
