// The streaming histogram: quantiles within its documented relative error of the exact sample
// quantiles, those within their sampling interval of closed forms, exact atoms, merges.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "sim/histogram.h"
#include "sim/random.h"
#include "sim/statistics.h"

namespace resim {
namespace {

constexpr double Z999 = 3.2905267314919255;  // two-sided 99.9 % normal quantile
constexpr double ALPHA = Histogram::RELATIVE_ERROR;

RandomStream stream(std::uint64_t key) {
  return RandomStream::for_trial(20261201, 0, StreamPurpose::FAILURE, key);
}

Histogram histogram_of(const std::vector<double>& values, std::vector<double> thresholds = {}) {
  Histogram h(std::move(thresholds));
  for (double v : values) h.add(v);
  return h;
}

// Checks the histogram's quantile q against (1) the exact sample quantile, within the
// documented relative error, and (2) the closed form x_q, within the 99.9 % interval of a
// sample quantile, sqrt(q(1 − q)/n) / f(x_q) (asymptotic normality), plus that relative error:
// a tolerance derived from the two, not widened.
void check_quantile(const Histogram& h, std::vector<double> sorted, double q, double x_q,
                    double density) {
  const double sample = quantile_sorted(sorted, q);
  const double estimate = h.quantile(q);
  INFO("q " << q << ": histogram " << estimate << ", sample " << sample << ", exact " << x_q);
  CHECK(std::fabs(estimate - sample) <= ALPHA * sample);
  const double n = static_cast<double>(sorted.size());
  const double sampling = Z999 * std::sqrt(q * (1.0 - q) / n) / density;
  CHECK(std::fabs(estimate - x_q) <= sampling + ALPHA * x_q);
}

TEST_CASE("histogram quantiles of exponential samples", "[histogram]") {
  RandomStream s = stream(1);
  std::vector<double> values;
  for (int i = 0; i < 200000; ++i) values.push_back(s.exponential(3600.0));
  const Histogram h = histogram_of(values);
  REQUIRE_FALSE(h.exact());
  std::sort(values.begin(), values.end());
  for (double q : {0.01, 0.1, 0.5, 0.9, 0.95, 0.99, 0.999}) {
    const double x_q = -3600.0 * std::log(1.0 - q);
    check_quantile(h, values, q, x_q, (1.0 - q) / 3600.0);
  }
  CHECK(h.min() == values.front());
  CHECK(h.max() == values.back());
  CHECK(h.quantile(0.0) == values.front());
  CHECK(h.quantile(1.0) == values.back());
  // Mean and its interval, against the closed form 3600 s.
  const Estimate e = estimate_mean(h);
  CHECK(std::fabs(e.mean - 3600.0) <= e.half_width * Z999 / 1.959963984540054);
  const Estimate reference = estimate_mean(values);
  CHECK(e.mean == Approx(reference.mean).epsilon(1e-12));
  CHECK(e.half_width == Approx(reference.half_width).epsilon(1e-9));
}

TEST_CASE("histogram quantiles of uniform samples", "[histogram]") {
  RandomStream s = stream(2);
  std::vector<double> values;
  for (int i = 0; i < 100000; ++i) values.push_back(10.0 * s.uniform());
  const Histogram h = histogram_of(values);
  std::sort(values.begin(), values.end());
  for (double q : {0.05, 0.25, 0.5, 0.75, 0.99}) check_quantile(h, values, q, 10.0 * q, 0.1);
}

TEST_CASE("histogram is exact while small", "[histogram]") {
  RandomStream s = stream(3);
  std::vector<double> values;
  for (std::size_t i = 0; i < Histogram::EXACT_LIMIT; ++i) values.push_back(s.exponential(5.0));
  const Histogram h = histogram_of(values);
  REQUIRE(h.exact());
  std::sort(values.begin(), values.end());
  for (double q : {0.0, 0.1, 0.5, 0.95, 0.99, 1.0})
    CHECK(h.quantile(q) == quantile_sorted(values, q));
  CHECK(h.count_at_most(values[100]) == 101);
}

TEST_CASE("histogram is exact for atoms: zero and constants", "[histogram]") {
  Histogram constant;
  for (int i = 0; i < 50000; ++i) constant.add(42.5);
  REQUIRE_FALSE(constant.exact());
  for (double q : {0.0, 0.01, 0.5, 0.99, 1.0}) CHECK(constant.quantile(q) == 42.5);
  CHECK(constant.mean() == 42.5);
  CHECK(constant.variance() == 0.0);

  // Two atoms (a constant delay and zero) and a third: each quantile inside an atom is exact.
  Histogram mixed;
  for (int i = 0; i < 30000; ++i) {
    mixed.add(0.0);
    mixed.add(90.0);
    mixed.add(1530.0);
  }
  CHECK(mixed.quantile(0.2) == 0.0);
  CHECK(mixed.quantile(0.5) == 90.0);
  CHECK(mixed.quantile(0.9) == 1530.0);
  CHECK(mixed.count_at_most(0.0) == 30000);
  CHECK(mixed.count_at_most(90.0) == 60000);
  CHECK(mixed.count_at_most(89.9) == 30000);
}

TEST_CASE("histogram counts at its thresholds are exact", "[histogram]") {
  RandomStream s = stream(4);
  std::vector<double> values;
  for (int i = 0; i < 20000; ++i) values.push_back(s.exponential(100.0));
  const Histogram h = histogram_of(values, {50.0, 250.0});
  REQUIRE_FALSE(h.exact());
  for (double limit : {50.0, 250.0})
    CHECK(h.count_at_most(limit) ==
          std::count_if(values.begin(), values.end(), [&](double v) { return v <= limit; }));
  // Elsewhere, only values within the relative error of the limit may be miscounted.
  const double limit = 120.0;
  const auto near = std::count_if(values.begin(), values.end(), [&](double v) {
    return std::fabs(v - limit) <= 2.0 * ALPHA * limit;
  });
  const auto exact =
      std::count_if(values.begin(), values.end(), [&](double v) { return v <= limit; });
  CHECK(std::abs(h.count_at_most(limit) - exact) <= near);
}

TEST_CASE("histogram merged in chunk order equals one fed in order", "[histogram]") {
  RandomStream s = stream(5);
  std::vector<double> values;
  for (int i = 0; i < 30000; ++i) values.push_back(i % 7 == 0 ? 0.0 : s.exponential(60.0));
  const Histogram whole = histogram_of(values, {60.0});
  Histogram forward({60.0}), backward({60.0});
  std::vector<Histogram> chunks;
  for (std::size_t first = 0; first < values.size(); first += 700) {
    Histogram chunk({60.0});
    for (std::size_t i = first; i < std::min(values.size(), first + 700); ++i) chunk.add(values[i]);
    chunks.push_back(std::move(chunk));
  }
  for (const auto& chunk : chunks) forward.merge(chunk);
  for (auto chunk = chunks.rbegin(); chunk != chunks.rend(); ++chunk) backward.merge(*chunk);
  for (const Histogram* h : {&forward, &backward}) {
    CHECK(h->count() == whole.count());
    CHECK(h->min() == whole.min());
    CHECK(h->max() == whole.max());
    CHECK(h->count_at_most(60.0) == whole.count_at_most(60.0));
    // Bin counts are integers: quantiles do not depend on how or in what order they merged.
    for (double q : {0.1, 0.5, 0.9, 0.99}) CHECK(h->quantile(q) == whole.quantile(q));
    CHECK(h->mean() == Approx(whole.mean()).epsilon(1e-13));
    CHECK(h->variance() == Approx(whole.variance()).epsilon(1e-11));
  }
  // The same chunks merged again in the same order give the same bits.
  Histogram again({60.0});
  for (const auto& chunk : chunks) again.merge(chunk);
  CHECK(again.sum() == forward.sum());
  CHECK(again.variance() == forward.variance());
  CHECK_THROWS_AS(forward.merge(Histogram{}), std::invalid_argument);
}

TEST_CASE("histogram memory does not grow with the number of values", "[histogram]") {
  RandomStream s = stream(6);
  Histogram h;
  std::size_t after_1e3 = 0;
  for (int i = 1; i <= 1000000; ++i) {
    h.add(s.exponential(3600.0));
    if (i == 1000) after_1e3 = h.memory_bytes();
  }
  CHECK(h.memory_bytes() == after_1e3);
  CHECK(h.memory_bytes() == sizeof(Histogram) + Histogram::MAX_BINS * 24);
  h.clear();
  CHECK(h.empty());
  CHECK(h.quantile(0.5) == 0.0);
}

TEST_CASE("histogram keeps 0.5 % over 8.9 decades below the maximum", "[histogram]") {
  // Values spread log-uniformly over 12 decades: quantiles within the window keep the bound;
  // below it they share one bin but stay between the smallest value and the window.
  RandomStream s = stream(7);
  std::vector<double> values;
  for (int i = 0; i < 100000; ++i) values.push_back(std::pow(10.0, 12.0 * s.uniform() - 3.0));
  const Histogram h = histogram_of(values);
  std::sort(values.begin(), values.end());
  const double window_low =
      h.max() / std::pow((1.0 + ALPHA) / (1.0 - ALPHA), Histogram::MAX_BINS - 1);
  for (double q : {0.01, 0.2, 0.3, 0.5, 0.9, 0.99}) {
    const double sample = quantile_sorted(values, q);
    INFO("q " << q << ": histogram " << h.quantile(q) << ", sample " << sample);
    if (sample > window_low * (1.0 + ALPHA))
      CHECK(std::fabs(h.quantile(q) - sample) <= ALPHA * sample);
    else
      CHECK((h.quantile(q) >= h.min() && h.quantile(q) <= window_low));
  }
}

TEST_CASE("histogram rejects negative and non-finite values", "[histogram]") {
  Histogram h;
  CHECK_THROWS_AS(h.add(-1.0), std::invalid_argument);
  CHECK_THROWS_AS(h.add(std::nan("")), std::invalid_argument);
  CHECK_THROWS_AS(h.add(INFINITY), std::invalid_argument);
  CHECK(h.empty());
}

}  // namespace
}  // namespace resim
