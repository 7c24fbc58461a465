// The Poisson sampler against its moments for means from 1e-6 to 1e7: mean and variance of a
// sample each within the 99.9 % interval of their sampling distribution (fixed seed). The old
// sampler summed e^-mean, which underflows past a mean of about 745 (it then returned its step
// cap, 10 000, at mean 800).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>

#include "sim/poisson.h"
#include "sim/random.h"

namespace {

constexpr double Z999 = 3.2905267314919255;

struct Moments {
  double mean = 0.0;
  double variance = 0.0;
  double zero_share = 0.0;
};

Moments sample_moments(double lambda, std::int64_t n, std::uint64_t key) {
  auto stream = resim::RandomStream::for_trial(7, 0, resim::StreamPurpose::LAG, key);
  // Shifted by lambda, so that the sums keep their digits at large means (Welford would too).
  double sum = 0.0, sum_squares = 0.0;
  std::int64_t zeros = 0, negatives = 0;
  for (std::int64_t i = 0; i < n; ++i) {
    const std::int64_t k = resim::sample_poisson(lambda, stream);
    negatives += k < 0 ? 1 : 0;
    const double d = static_cast<double>(k) - lambda;
    sum += d;
    sum_squares += d * d;
    zeros += k == 0 ? 1 : 0;
  }
  const double count = static_cast<double>(n);
  CHECK(negatives == 0);
  Moments m;
  m.mean = lambda + sum / count;
  m.variance = (sum_squares - sum * sum / count) / (count - 1.0);
  m.zero_share = static_cast<double>(zeros) / count;
  return m;
}

}  // namespace

TEST_CASE("Poisson samples have mean and variance lambda for any mean", "[poisson]") {
  const double means[] = {1e-6, 1e-3, 0.5, 3.0, 9.999, 10.0, 50.0, 744.0, 800.0, 1e4, 1e5, 1e7};
  std::uint64_t key = 1;
  for (const double lambda : means) {
    DYNAMIC_SECTION("mean " << lambda) {
      // Tiny means need many draws before any is non-zero.
      const std::int64_t n = lambda < 0.01 ? 10'000'000 : 400'000;
      const Moments m = sample_moments(lambda, n, key++);
      const double count = static_cast<double>(n);
      // Var(sample mean) = λ/n; Var(sample variance) ≈ (μ4 − σ⁴)/n = (λ + 2λ²)/n.
      CHECK(std::fabs(m.mean - lambda) <= Z999 * std::sqrt(lambda / count));
      CHECK(std::fabs(m.variance - lambda) <=
            Z999 * std::sqrt((lambda + 2.0 * lambda * lambda) / count));
      const double p0 = std::exp(-lambda);
      CHECK(std::fabs(m.zero_share - p0) <= Z999 * std::sqrt(p0 * (1.0 - p0) / count) + 1e-12);
    }
  }
}

TEST_CASE("a Poisson mean of zero gives zero", "[poisson]") {
  auto stream = resim::RandomStream::for_trial(7, 0, resim::StreamPurpose::LAG, 99);
  CHECK(resim::sample_poisson(0.0, stream) == 0);
}
