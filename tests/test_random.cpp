#include <catch2/catch.hpp>

#include <boost/math/distributions/chi_squared.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

#include "sim/random.h"

using resim::RandomStream;
using resim::StreamPurpose;

namespace {

// Two-sided 99.9 % normal quantile: every CI check below fails by chance once in 1000 seeds.
constexpr double Z999 = 3.2905267314919255;
constexpr std::uint64_t SEED = 20240611;

std::vector<std::uint64_t> first_values(RandomStream stream, int count = 8) {
  std::vector<std::uint64_t> values;
  for (int i = 0; i < count; ++i) values.push_back(stream.next_u64());
  return values;
}

RandomStream test_stream(std::uint64_t key) {
  return RandomStream::for_trial(SEED, 0, StreamPurpose::FAILURE, key);
}

// Inverse of z ^= z >> shift.
std::uint64_t unxorshift(std::uint64_t z, int shift) {
  std::uint64_t x = z;
  for (int i = 0; i * shift < 64; ++i) x = z ^ (x >> shift);
  return x;
}

// Inverse of an odd multiplier modulo 2^64 by Newton's iteration (each step doubles the
// number of correct low bits, starting from 3).
constexpr std::uint64_t inverse_mod_2_64(std::uint64_t a) {
  std::uint64_t x = a;
  for (int i = 0; i < 6; ++i) x *= 2 - a * x;
  return x;
}

std::uint64_t splitmix64_unmix(std::uint64_t z) {
  z = unxorshift(z, 31);
  z *= inverse_mod_2_64(0x94d049bb133111ebULL);
  z = unxorshift(z, 27);
  z *= inverse_mod_2_64(0xbf58476d1ce4e5b9ULL);
  return unxorshift(z, 30);
}

// A stream whose next next_u64() returns exactly `output`.
RandomStream stream_returning(std::uint64_t output) {
  return RandomStream(splitmix64_unmix(output) - RandomStream::GOLDEN_GAMMA);
}

}  // namespace

TEST_CASE("seeding in two steps gives the same stream as for_trial", "[random]") {
  for (const std::uint64_t key :
       {std::uint64_t{0}, std::uint64_t{1}, resim::stable_key("db"), ~std::uint64_t{0}}) {
    const std::uint64_t state = RandomStream::trial_state(SEED, 17, StreamPurpose::REPAIR);
    CHECK(first_values(RandomStream::for_element(state, key)) ==
          first_values(RandomStream::for_trial(SEED, 17, StreamPurpose::REPAIR, key)));
  }
}

TEST_CASE("a stream depends on seed, trial, purpose and key alone", "[random]") {
  const auto key = resim::stable_key("db-primary");
  const auto base = first_values(RandomStream::for_trial(7, 3, StreamPurpose::REPAIR, key));
  CHECK(first_values(RandomStream::for_trial(7, 3, StreamPurpose::REPAIR, key)) == base);
  CHECK(first_values(RandomStream::for_trial(8, 3, StreamPurpose::REPAIR, key)) != base);
  CHECK(first_values(RandomStream::for_trial(7, 4, StreamPurpose::REPAIR, key)) != base);
  CHECK(first_values(RandomStream::for_trial(7, 3, StreamPurpose::FAILURE, key)) != base);
  CHECK(first_values(RandomStream::for_trial(7, 3, StreamPurpose::REPAIR, key + 1)) != base);
}

TEST_CASE("streams of neighbouring trials do not overlap", "[random]") {
  // SplitMix64 streams are windows of one sequence; a shared value would mean one trial
  // replays another's draws shifted by a few positions.
  const auto a = first_values(RandomStream::for_trial(1, 0, StreamPurpose::FAILURE, 0), 1000);
  const auto b = first_values(RandomStream::for_trial(1, 1, StreamPurpose::FAILURE, 0), 1000);
  for (auto value : a) CHECK(std::find(b.begin(), b.end(), value) == b.end());
}

TEST_CASE("stable_key is FNV-1a", "[random]") {
  STATIC_REQUIRE(resim::stable_key("") == 0xcbf29ce484222325ULL);
  STATIC_REQUIRE(resim::stable_key("a") == 0xaf63dc4c8601ec8cULL);
  CHECK(resim::stable_key("web") != resim::stable_key("db"));
}

TEST_CASE("uniform and uniform_pos reach exactly their closed ends", "[random]") {
  auto zero = stream_returning(0);
  CHECK(zero.uniform() == 0.0);
  zero = stream_returning(0);
  CHECK(zero.uniform_pos() == 1.0);

  auto top = stream_returning(~std::uint64_t{0});
  const double largest = top.uniform();
  CHECK(largest < 1.0);
  CHECK(largest == 1.0 - 0x1.0p-53);
  top = stream_returning(~std::uint64_t{0});
  CHECK(top.uniform_pos() == 0x1.0p-53);
  top = stream_returning(~std::uint64_t{0});
  CHECK(std::isfinite(top.exponential(1.0)));
}

TEST_CASE("uniform stays in [0, 1) and uniform_pos in (0, 1]", "[random]") {
  auto stream = test_stream(1);
  bool in_range = true;
  for (int i = 0; i < 100000; ++i) {
    const double u = stream.uniform();
    const double v = stream.uniform_pos();
    in_range = in_range && u >= 0.0 && u < 1.0 && v > 0.0 && v <= 1.0;
  }
  CHECK(in_range);
}

TEST_CASE("uniform has mean 1/2 within the 99.9% confidence interval", "[random]") {
  constexpr int N = 200000;
  auto stream = test_stream(2);
  double sum = 0.0;
  for (int i = 0; i < N; ++i) sum += stream.uniform();
  // Var(U) = 1/12, so the sample mean has standard error sqrt(1 / (12 N)).
  CHECK(std::fabs(sum / N - 0.5) < Z999 * std::sqrt(1.0 / (12.0 * N)));
}

TEST_CASE("uniform passes a chi-square test on 100 bins", "[random]") {
  constexpr int BINS = 100;
  constexpr int N = 200000;
  auto stream = test_stream(3);
  std::array<int, BINS> counts{};
  for (int i = 0; i < N; ++i) ++counts[static_cast<std::size_t>(stream.uniform() * BINS)];
  const double expected = static_cast<double>(N) / BINS;
  double chi2 = 0.0;
  for (int count : counts) chi2 += (count - expected) * (count - expected) / expected;
  const boost::math::chi_squared reference(BINS - 1);
  CHECK(chi2 < boost::math::quantile(reference, 0.999));
}

TEST_CASE("consecutive uniforms are uncorrelated", "[random]") {
  constexpr int N = 200000;
  auto stream = test_stream(4);
  // With the known mean 1/2 and variance 1/12, r = 12 / (N-1) * sum (u_i - 1/2)(u_{i+1} - 1/2).
  // The products are uncorrelated with variance (1/12)^2 under independence, so r has
  // standard error 1 / sqrt(N - 1).
  double previous = stream.uniform() - 0.5;
  double sum = 0.0;
  for (int i = 1; i < N; ++i) {
    const double current = stream.uniform() - 0.5;
    sum += previous * current;
    previous = current;
  }
  const double r = 12.0 * sum / (N - 1);
  CHECK(std::fabs(r) < Z999 / std::sqrt(N - 1.0));
}

TEST_CASE("standard_normal has mean 0 and variance 1 within 99.9% intervals", "[random]") {
  constexpr int N = 200000;
  auto stream = test_stream(5);
  double sum = 0.0;
  double sum_squares = 0.0;
  for (int i = 0; i < N; ++i) {
    const double z = stream.standard_normal();
    sum += z;
    sum_squares += z * z;
  }
  CHECK(std::fabs(sum / N) < Z999 / std::sqrt(N));
  // With the mean known to be 0, mean(z^2) has variance (E z^4 - 1) / N = 2 / N.
  CHECK(std::fabs(sum_squares / N - 1.0) < Z999 * std::sqrt(2.0 / N));
}

TEST_CASE("exponential has the requested mean within the 99.9% interval", "[random]") {
  constexpr int N = 200000;
  constexpr double MEAN = 7.5;
  auto stream = test_stream(6);
  double sum = 0.0;
  for (int i = 0; i < N; ++i) sum += stream.exponential(MEAN);
  CHECK(std::fabs(sum / N - MEAN) < Z999 * MEAN / std::sqrt(N));
}
