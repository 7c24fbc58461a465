#include <catch2/catch.hpp>

#include <boost/math/distributions/chi_squared.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <numbers>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/distribution.h"
#include "models/json_reader.h"
#include "models/scenario_error.h"

using resim::Distribution;
using resim::DistributionKind;
using resim::RandomStream;
using resim::ScenarioError;

namespace {

constexpr double MINUTE = 60.0;
constexpr double HOUR = 3600.0;
constexpr double Z95 = 1.6448536269514722;
// Two-sided 99.9 % normal quantile.
constexpr double Z999 = 3.2905267314919255;
// Asymptotic Kolmogorov distribution quantile: P(sqrt(n) D_n > 1.9495) = 0.001.
constexpr double KS_CRITICAL_999 = 1.94947;
constexpr std::uint64_t SEED = 1234567;
constexpr int N = 40000;

// ---- reference moments, computed independently of the implementation ---------------------

// Raw moments E[X^k], k = 0..4.
using RawMoments = std::array<double, 5>;

RawMoments exponential_moments(double mean) {
  return {1.0, mean, 2.0 * std::pow(mean, 2), 6.0 * std::pow(mean, 3), 24.0 * std::pow(mean, 4)};
}

RawMoments weibull_moments(double shape, double scale) {
  RawMoments m{};
  for (int k = 0; k <= 4; ++k) m[k] = std::pow(scale, k) * std::tgamma(1.0 + k / shape);
  return m;
}

RawMoments lognormal_moments(double mu, double sigma) {
  RawMoments m{};
  for (int k = 0; k <= 4; ++k) m[k] = std::exp(k * mu + 0.5 * k * k * sigma * sigma);
  return m;
}

RawMoments gamma_moments(double shape, double scale) {
  // E[X^k] = scale^k * shape (shape + 1) ... (shape + k - 1).
  RawMoments m{1.0};
  for (int k = 1; k <= 4; ++k) m[k] = m[k - 1] * scale * (shape + k - 1);
  return m;
}

RawMoments uniform_moments(double a, double b) {
  RawMoments m{};
  for (int k = 0; k <= 4; ++k)
    m[k] = (std::pow(b, k + 1) - std::pow(a, k + 1)) / ((k + 1) * (b - a));
  return m;
}

// N(mu, sigma^2) truncated to [0, inf). Integrating x^(k-1) (x - mu) phi by parts gives
// m_k = mu m_(k-1) + (k-1) sigma^2 m_(k-2) + sigma^2 0^(k-1) f(0) / P(X >= 0), where the
// boundary term only survives for k = 1: m_1 = mu + sigma phi(mu/sigma) / Phi(mu/sigma).
RawMoments truncated_normal_moments(double mu, double sigma) {
  const double z = mu / sigma;
  const double density = std::exp(-0.5 * z * z) / std::sqrt(2.0 * std::numbers::pi);
  const double mass = 0.5 * std::erfc(-z / std::sqrt(2.0));
  RawMoments m{1.0, mu + sigma * density / mass};
  for (int k = 2; k <= 4; ++k) m[k] = mu * m[k - 1] + (k - 1) * sigma * sigma * m[k - 2];
  return m;
}

RawMoments empirical_moments(const std::vector<double>& values) {
  RawMoments m{};
  for (int k = 0; k <= 4; ++k) {
    for (double x : values) m[k] += std::pow(x, k);
    m[k] /= static_cast<double>(values.size());
  }
  return m;
}

double raw_variance(const RawMoments& m) {
  return m[2] - m[1] * m[1];
}

double central_fourth_moment(const RawMoments& m) {
  const double mu = m[1];
  return m[4] - 4.0 * mu * m[3] + 6.0 * mu * mu * m[2] - 3.0 * std::pow(mu, 4);
}

// ---- sampling and the statistical checks -------------------------------------------------

std::vector<double> draw(const Distribution& distribution, std::uint64_t key, int n = N) {
  auto stream = RandomStream::for_trial(SEED, 0, resim::StreamPurpose::FAILURE, key);
  std::vector<double> samples(static_cast<std::size_t>(n));
  for (double& x : samples) x = distribution.sample(stream);
  return samples;
}

double sample_mean(const std::vector<double>& xs) {
  double sum = 0.0;
  for (double x : xs) sum += x;
  return sum / static_cast<double>(xs.size());
}

double sample_variance(const std::vector<double>& xs) {
  const double mean = sample_mean(xs);
  double sum = 0.0;
  for (double x : xs) sum += (x - mean) * (x - mean);
  return sum / static_cast<double>(xs.size() - 1);
}

// The sample mean has standard error sigma / sqrt(n) (CLT); 99.9 % two-sided.
void check_mean(const std::vector<double>& xs, const Distribution& d) {
  const double n = static_cast<double>(xs.size());
  const double tolerance = Z999 * std::sqrt(d.variance() / n);
  INFO(d.describe() << ": sample mean " << sample_mean(xs) << ", exact " << d.mean()
                    << ", tolerance " << tolerance);
  CHECK(std::fabs(sample_mean(xs) - d.mean()) <= tolerance);
}

// The unbiased sample variance s^2 has Var(s^2) = (mu4 - sigma^4 (n - 3) / (n - 1)) / n for
// any distribution with a finite fourth central moment mu4, and is asymptotically normal
// (CLT applied to the mean of (X - mu)^2; the estimated mean only adds O(1/n)). So
// |s^2 - sigma^2| <= 3.29 sqrt(Var(s^2)) with probability 99.9 %.
void check_variance(const std::vector<double>& xs, const Distribution& d, double mu4) {
  const double n = static_cast<double>(xs.size());
  const double var = d.variance();
  const double tolerance = Z999 * std::sqrt((mu4 - var * var * (n - 3.0) / (n - 1.0)) / n);
  INFO(d.describe() << ": sample variance " << sample_variance(xs) << ", exact " << var
                    << ", tolerance " << tolerance);
  CHECK(std::fabs(sample_variance(xs) - var) <= tolerance);
}

// Kolmogorov-Smirnov against the continuous cdf, alpha = 0.001.
void check_ks(std::vector<double> xs, const Distribution& d) {
  std::sort(xs.begin(), xs.end());
  const double n = static_cast<double>(xs.size());
  double statistic = 0.0;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const double f = d.cdf(xs[i]);
    statistic = std::max({statistic, (i + 1) / n - f, f - i / n});
  }
  INFO(d.describe() << ": KS statistic " << statistic);
  CHECK(statistic < KS_CRITICAL_999 / std::sqrt(n));
}

// Everything a continuous kind must satisfy: the reference moments agree with the closed
// forms, and n samples agree with mean, variance and cdf.
void check_continuous(const Distribution& d, const RawMoments& reference, std::uint64_t key) {
  INFO(d.describe());
  CHECK(d.mean() == Approx(reference[1]).epsilon(1e-9));
  CHECK(d.variance() == Approx(raw_variance(reference)).epsilon(1e-7));
  const auto xs = draw(d, key);
  CHECK(std::all_of(xs.begin(), xs.end(), [](double x) { return x >= 0.0 && std::isfinite(x); }));
  check_mean(xs, d);
  check_variance(xs, d, central_fourth_moment(reference));
  check_ks(xs, d);
}

// ---- parsing helpers ---------------------------------------------------------------------

Distribution parse(const std::string& text) {
  const auto json = nlohmann::json::parse(text);
  return resim::parse_distribution(
      resim::JsonReader(json, "test.json", nlohmann::json::json_pointer("/ttf")));
}

ScenarioError parse_error(const std::string& text) {
  try {
    parse(text);
  } catch (const ScenarioError& error) {
    return error;
  }
  FAIL("no ScenarioError for " << text);
  throw std::logic_error("unreachable");
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

// ---- closed forms against hand-computed values ----------------------------------------------

TEST_CASE("closed-form moments and cdf match hand-computed values", "[distribution]") {
  SECTION("exponential") {
    const auto d = Distribution::exponential(10.0);
    CHECK(d.mean() == 10.0);
    CHECK(d.variance() == 100.0);
    CHECK(d.cdf(10.0) == Approx(1.0 - std::exp(-1.0)));
    CHECK(d.is_exponential());
  }
  SECTION("weibull shape 2, scale 1000 s: mean 1000 Γ(1.5), variance 10^6 (1 - π/4)") {
    const auto d = Distribution::weibull(2.0, 1000.0);
    CHECK(d.mean() == Approx(886.226925452758));
    CHECK(d.variance() == Approx(214601.83660255172));
    CHECK(d.cdf(1000.0) == Approx(1.0 - std::exp(-1.0)));
  }
  SECTION("weibull shape 1 is the exponential") {
    const auto d = Distribution::weibull(1.0, 500.0);
    CHECK(d.mean() == Approx(500.0));
    CHECK(d.variance() == Approx(250000.0));
  }
  SECTION("lognormal mu 0, sigma 1: mean e^0.5, variance (e - 1) e") {
    const auto d = Distribution::lognormal(0.0, 1.0);
    CHECK(d.mean() == Approx(1.6487212707001282));
    CHECK(d.variance() == Approx(4.670774270471604));
    CHECK(d.cdf(1.0) == Approx(0.5));
    CHECK(d.cdf(0.0) == 0.0);
  }
  SECTION("lognormal from median and p95 puts them at cdf 0.5 and 0.95") {
    const auto d = Distribution::lognormal_from_median_p95(30.0 * MINUTE, 2.0 * HOUR);
    CHECK(d.cdf(30.0 * MINUTE) == Approx(0.5));
    CHECK(d.cdf(2.0 * HOUR) == Approx(0.95));
  }
  SECTION("normal truncated at zero: the half-normal for mean 0") {
    const auto d = Distribution::normal(0.0, 1.0);
    CHECK(d.mean() == Approx(0.7978845608028654));      // sqrt(2/π)
    CHECK(d.variance() == Approx(0.3633802276324186));  // 1 - 2/π
    CHECK(d.cdf(1.0) == Approx(0.6826894921370859));    // 2 Φ(1) - 1
    CHECK(d.cdf(0.0) == 0.0);
  }
  SECTION("normal truncated at zero, mean 1, sd 1: λ = φ(1)/Φ(1) = 0.2876") {
    const auto d = Distribution::normal(1.0, 1.0);
    CHECK(d.mean() == Approx(1.2875999709391783));      // 1 + λ
    CHECK(d.variance() == Approx(0.6296862857766055));  // 1 - λ - λ²
  }
  SECTION("gamma shape 2, scale 3: mean 6, variance 18, cdf(3) = 1 - 2/e") {
    const auto d = Distribution::gamma(2.0, 3.0);
    CHECK(d.mean() == Approx(6.0));
    CHECK(d.variance() == Approx(18.0));
    CHECK(d.cdf(3.0) == Approx(0.26424111765711533));
  }
  SECTION("uniform 2..8: mean 5, variance 3") {
    const auto d = Distribution::uniform(2.0, 8.0);
    CHECK(d.mean() == 5.0);
    CHECK(d.variance() == 3.0);
    CHECK(d.cdf(1.0) == 0.0);
    CHECK(d.cdf(5.0) == 0.5);
    CHECK(d.cdf(9.0) == 1.0);
  }
  SECTION("constant") {
    const auto d = Distribution::constant(5.0);
    CHECK(d.mean() == 5.0);
    CHECK(d.variance() == 0.0);
    CHECK(d.cdf(4.999) == 0.0);
    CHECK(d.cdf(5.0) == 1.0);
  }
  SECTION("empirical {4, 1, 3, 2}: mean 2.5, population variance 1.25, step cdf") {
    const auto d = Distribution::empirical({4.0, 1.0, 3.0, 2.0});
    CHECK(d.mean() == 2.5);
    CHECK(d.variance() == 1.25);
    CHECK(d.cdf(0.5) == 0.0);
    CHECK(d.cdf(1.0) == 0.25);
    CHECK(d.cdf(2.5) == 0.5);
    CHECK(d.cdf(4.0) == 1.0);
  }
}

TEST_CASE("factories reject invalid parameters", "[distribution]") {
  CHECK_THROWS_AS(Distribution::exponential(0.0), std::invalid_argument);
  CHECK_THROWS_AS(Distribution::weibull(-1.0, 1.0), std::invalid_argument);
  CHECK_THROWS_AS(Distribution::lognormal_from_median_p95(2.0, 1.0), std::invalid_argument);
  CHECK_THROWS_AS(Distribution::gamma(1.0, 0.0), std::invalid_argument);
  CHECK_THROWS_AS(Distribution::uniform(3.0, 3.0), std::invalid_argument);
  CHECK_THROWS_AS(Distribution::constant(-1.0), std::invalid_argument);
  CHECK_THROWS_AS(Distribution::empirical({}), std::invalid_argument);
  // P(X >= 0) = Φ(-4) = 3e-5 < 0.001: almost every draw would be rejected.
  CHECK_THROWS_AS(Distribution::normal(-4.0, 1.0), std::invalid_argument);
  CHECK_NOTHROW(Distribution::normal(-3.0, 1.0));  // Φ(-3) = 0.00135
}

// ---- every kind against its samples ---------------------------------------------------------

TEST_CASE("exponential samples match mean, variance and cdf", "[distribution][statistics]") {
  check_continuous(Distribution::exponential(2000.0 * HOUR), exponential_moments(2000.0 * HOUR),
                   11);
}

TEST_CASE("weibull samples match mean, variance and cdf", "[distribution][statistics]") {
  check_continuous(Distribution::weibull(1.5, 3000.0 * HOUR), weibull_moments(1.5, 3000.0 * HOUR),
                   21);
  check_continuous(Distribution::weibull(0.8, 100.0 * HOUR), weibull_moments(0.8, 100.0 * HOUR),
                   22);
}

TEST_CASE("lognormal samples match mean, variance and cdf", "[distribution][statistics]") {
  const double mu = std::log(30.0 * MINUTE);
  const double sigma = std::log(4.0) / Z95;
  check_continuous(Distribution::lognormal_from_median_p95(30.0 * MINUTE, 2.0 * HOUR),
                   lognormal_moments(mu, sigma), 31);
  check_continuous(Distribution::lognormal(std::log(HOUR), 0.5),
                   lognormal_moments(std::log(HOUR), 0.5), 32);
}

TEST_CASE("lognormal samples hit the stated median and p95", "[distribution][statistics]") {
  const double median = 30.0 * MINUTE;
  const double p95 = 2.0 * HOUR;
  auto xs = draw(Distribution::lognormal_from_median_p95(median, p95), 33);
  std::sort(xs.begin(), xs.end());
  // The count of draws at or below the true p-quantile q is Binomial(n, p). The order
  // statistics X_(lo) and X_(hi), lo/hi = n p -/+ 3.29 sqrt(n p (1 - p)), bracket q unless
  // that count leaves [lo, hi): probability 0.1 % by the normal approximation.
  const auto bracket = [&](double p, double q) {
    const double n = static_cast<double>(xs.size());
    const double spread = Z999 * std::sqrt(n * p * (1.0 - p));
    const auto lo = static_cast<std::size_t>(std::floor(n * p - spread));
    const auto hi = static_cast<std::size_t>(std::ceil(n * p + spread));
    INFO("p " << p << ": X_(lo) " << xs[lo - 1] << ", q " << q << ", X_(hi) " << xs[hi - 1]);
    CHECK(xs[lo - 1] <= q);
    CHECK(q <= xs[hi - 1]);
  };
  bracket(0.5, median);
  bracket(0.95, p95);
}

TEST_CASE("truncated normal samples match mean, variance and cdf", "[distribution][statistics]") {
  SECTION("truncation negligible") {
    check_continuous(Distribution::normal(4.0 * HOUR, HOUR),
                     truncated_normal_moments(4.0 * HOUR, HOUR), 41);
  }
  SECTION("31% of the normal below zero") {
    check_continuous(Distribution::normal(30.0 * MINUTE, HOUR),
                     truncated_normal_moments(30.0 * MINUTE, HOUR), 42);
  }
  SECTION("half-normal") {
    check_continuous(Distribution::normal(0.0, HOUR), truncated_normal_moments(0.0, HOUR), 43);
  }
}

TEST_CASE("gamma samples match mean, variance and cdf", "[distribution][statistics]") {
  SECTION("shape >= 1: Marsaglia-Tsang directly") {
    check_continuous(Distribution::gamma(2.5, HOUR), gamma_moments(2.5, HOUR), 51);
  }
  SECTION("shape < 1: through shape + 1 and U^(1/shape)") {
    check_continuous(Distribution::gamma(0.5, 2.0 * HOUR), gamma_moments(0.5, 2.0 * HOUR), 52);
  }
}

TEST_CASE("uniform samples match mean, variance and cdf", "[distribution][statistics]") {
  const auto d = Distribution::uniform(10.0 * MINUTE, HOUR);
  check_continuous(d, uniform_moments(10.0 * MINUTE, HOUR), 61);
  const auto xs = draw(d, 62);
  CHECK(*std::min_element(xs.begin(), xs.end()) >= 10.0 * MINUTE);
  CHECK(*std::max_element(xs.begin(), xs.end()) < HOUR);
}

TEST_CASE("constant samples are exactly the value", "[distribution][statistics]") {
  const auto d = Distribution::constant(5.0 * MINUTE);
  const auto xs = draw(d, 71, 1000);
  CHECK(std::all_of(xs.begin(), xs.end(), [](double x) { return x == 5.0 * MINUTE; }));
  CHECK(d.mean() == 5.0 * MINUTE);
  CHECK(d.variance() == 0.0);
}

TEST_CASE("empirical samples bootstrap the given values", "[distribution][statistics]") {
  const std::vector<double> values{20.0 * MINUTE, 45.0 * MINUTE, 2.0 * HOUR, 45.0 * MINUTE,
                                   5.0 * MINUTE};
  const auto d = Distribution::empirical(values);
  const RawMoments reference = empirical_moments(values);
  CHECK(d.mean() == Approx(reference[1]));
  CHECK(d.variance() == Approx(raw_variance(reference)));

  const auto xs = draw(d, 81);
  check_mean(xs, d);
  check_variance(xs, d, central_fourth_moment(reference));

  // Chi-square over the distinct values, expected counts n * (multiplicity / values.size());
  // degrees of freedom = distinct values - 1.
  std::map<double, int> observed;
  for (double x : xs) ++observed[x];
  std::map<double, int> multiplicity;
  for (double v : values) ++multiplicity[v];
  REQUIRE(observed.size() == multiplicity.size());
  double chi2 = 0.0;
  for (const auto& [value, count] : multiplicity) {
    const double expected = static_cast<double>(xs.size()) * count / values.size();
    const double o = observed[value];
    chi2 += (o - expected) * (o - expected) / expected;
  }
  const boost::math::chi_squared reference_chi2(static_cast<double>(multiplicity.size() - 1));
  CHECK(chi2 < boost::math::quantile(reference_chi2, 0.999));
}

TEST_CASE("sampling uses only the given stream", "[distribution]") {
  const auto d = Distribution::gamma(0.7, HOUR);
  CHECK(draw(d, 91, 100) == draw(d, 91, 100));
  CHECK(draw(d, 91, 100) != draw(d, 92, 100));
}

// ---- parsing ----------------------------------------------------------------------------------

TEST_CASE("every kind parses from JSON", "[distribution][parse]") {
  SECTION("exponential") {
    const auto d = parse(R"({"dist": "exponential", "mean": "2000h"})");
    CHECK(d.kind() == DistributionKind::EXPONENTIAL);
    CHECK(d.mean() == 2000.0 * HOUR);
    CHECK(d.describe() == "exponential(mean 83d 8h)");
  }
  SECTION("weibull") {
    const auto d = parse(R"({"dist": "weibull", "shape": 1.5, "scale": "3000h"})");
    CHECK(d.kind() == DistributionKind::WEIBULL);
    CHECK(d.cdf(3000.0 * HOUR) == Approx(1.0 - std::exp(-1.0)));
    CHECK(d.describe() == "weibull(shape 1.5, scale 125d)");
  }
  SECTION("lognormal from median and p95") {
    const auto d = parse(R"({"dist": "lognormal", "median": "30m", "p95": "2h"})");
    CHECK(d.kind() == DistributionKind::LOGNORMAL);
    CHECK(d.cdf(2.0 * HOUR) == Approx(0.95));
    CHECK(d.describe() == "lognormal(median 30m, p95 2h)");
  }
  SECTION("lognormal from mu and sigma of ln hours") {
    const auto d = parse(R"({"dist": "lognormal", "mu": 0.5, "sigma": 0.25, "unit": "h"})");
    CHECK(d.cdf(std::exp(0.5) * HOUR) == Approx(0.5));
    CHECK(d.mean() == Approx(std::exp(0.5 + 0.5 * 0.25 * 0.25) * HOUR));
    CHECK(d.describe() == "lognormal(median 1h 39m, sigma 0.25)");
  }
  SECTION("normal") {
    const auto d = parse(R"({"dist": "normal", "mean": "4h", "sd": "1h"})");
    CHECK(d.kind() == DistributionKind::NORMAL);
    CHECK(d.mean() == Approx(4.0 * HOUR).epsilon(1e-3));
    CHECK(d.describe() == "normal(mean 4h, sd 1h)");
  }
  SECTION("gamma") {
    const auto d = parse(R"({"dist": "gamma", "shape": 2, "scale": "1h"})");
    CHECK(d.kind() == DistributionKind::GAMMA);
    CHECK(d.mean() == Approx(2.0 * HOUR));
    CHECK(d.describe() == "gamma(shape 2, scale 1h)");
  }
  SECTION("uniform") {
    const auto d = parse(R"({"dist": "uniform", "min": "10m", "max": "1h"})");
    CHECK(d.kind() == DistributionKind::UNIFORM);
    CHECK(d.mean() == Approx(35.0 * MINUTE));
    CHECK(d.describe() == "uniform(min 10m, max 1h)");
  }
  SECTION("constant") {
    const auto d = parse(R"({"dist": "constant", "value": "5m"})");
    CHECK(d.kind() == DistributionKind::CONSTANT);
    CHECK(d.mean() == 5.0 * MINUTE);
    CHECK(d.describe() == "constant(5m)");
  }
  SECTION("empirical") {
    const auto d = parse(R"({"dist": "empirical", "samples": ["20m", "45m", "2h"]})");
    CHECK(d.kind() == DistributionKind::EMPIRICAL);
    CHECK(d.mean() == Approx((20.0 + 45.0 + 120.0) * MINUTE / 3.0));
    CHECK(d.describe() == "empirical(3 samples, 20m to 2h)");
  }
}

TEST_CASE("a missing dist lists the kinds and the shorthands", "[distribution][parse]") {
  const auto error = parse_error(R"({"mean": "2000h"})");
  CHECK(error.pointer() == "/ttf");
  CHECK(error.file() == "test.json");
  CHECK(contains(error.message(), "missing key 'dist'"));
  CHECK(contains(error.message(), "'exponential'"));
  CHECK(contains(error.message(), "'empirical'"));
  CHECK(contains(error.message(), R"("mtbf": "2000h")"));
  CHECK(contains(error.message(), R"("mttr": "30m")"));
}

TEST_CASE("an unknown dist suggests the closest kind", "[distribution][parse]") {
  const auto error = parse_error(R"({"dist": "expnential", "mean": "2000h"})");
  CHECK(error.pointer() == "/ttf/dist");
  CHECK(contains(error.message(), "unknown distribution 'expnential'"));
  CHECK(contains(error.message(), "did you mean 'exponential'"));
  CHECK(contains(error.message(), "'weibull'"));
}

TEST_CASE("an unknown key suggests the closest key of that kind", "[distribution][parse]") {
  const auto error = parse_error(R"({"dist": "weibull", "shpe": 1.5, "scale": "3000h"})");
  CHECK(error.pointer() == "/ttf/shpe");
  CHECK(contains(error.message(), "unknown key 'shpe'"));
  CHECK(contains(error.message(), "did you mean 'shape'"));
  // A key valid for another kind is still unknown here.
  CHECK(parse_error(R"({"dist": "exponential", "mean": "1h", "sd": "1h"})").pointer() == "/ttf/sd");
}

TEST_CASE("a duration without a unit says what to write", "[distribution][parse]") {
  const auto error = parse_error(R"({"dist": "exponential", "mean": 2000})");
  CHECK(error.pointer() == "/ttf/mean");
  CHECK(contains(error.message(), R"("2000h")"));
}

TEST_CASE("missing parameters give an example", "[distribution][parse]") {
  const auto error = parse_error(R"({"dist": "weibull", "shape": 1.5})");
  CHECK(error.pointer() == "/ttf");
  CHECK(contains(error.message(), "missing key 'scale'"));
  CHECK(contains(error.message(), R"("scale": "3000h")"));
}

TEST_CASE("zero and negative parameters are rejected where they are", "[distribution][parse]") {
  auto error = parse_error(R"({"dist": "weibull", "shape": 0, "scale": "3000h"})");
  CHECK(error.pointer() == "/ttf/shape");
  CHECK(contains(error.message(), "greater than zero"));
  CHECK(contains(error.message(), R"("shape": 1.5)"));

  error = parse_error(R"({"dist": "gamma", "shape": -2, "scale": "1h"})");
  CHECK(error.pointer() == "/ttf/shape");

  error = parse_error(R"({"dist": "weibull", "shape": 1.5, "scale": "0h"})");
  CHECK(error.pointer() == "/ttf/scale");
  CHECK(contains(error.message(), "longer than zero"));

  error = parse_error(R"({"dist": "exponential", "mean": "-5h"})");
  CHECK(error.pointer() == "/ttf/mean");
  CHECK(contains(error.message(), "'-5h'"));

  error = parse_error(R"({"dist": "normal", "mean": "4h", "sd": "0s"})");
  CHECK(error.pointer() == "/ttf/sd");

  error = parse_error(R"({"dist": "lognormal", "mu": 1, "sigma": 0, "unit": "h"})");
  CHECK(error.pointer() == "/ttf/sigma");
}

TEST_CASE("lognormal p95 must exceed the median", "[distribution][parse]") {
  for (const char* text : {R"({"dist": "lognormal", "median": "2h", "p95": "30m"})",
                           R"({"dist": "lognormal", "median": "2h", "p95": "2h"})"}) {
    const auto error = parse_error(text);
    CHECK(error.pointer() == "/ttf/p95");
    CHECK(contains(error.message(), "longer than the median (2h)"));
  }
}

TEST_CASE("lognormal forms cannot be mixed or left out", "[distribution][parse]") {
  auto error = parse_error(R"({"dist": "lognormal", "median": "30m", "p95": "2h", "sigma": 1})");
  CHECK(error.pointer() == "/ttf/sigma");
  CHECK(contains(error.message(), "either"));
  CHECK(contains(error.message(), R"("median": "30m", "p95": "2h")"));

  error = parse_error(R"({"dist": "lognormal"})");
  CHECK(error.pointer() == "/ttf");
  CHECK(contains(error.message(), R"("median": "30m", "p95": "2h")"));

  error = parse_error(R"({"dist": "lognormal", "median": "30m"})");
  CHECK(contains(error.message(), "missing key 'p95'"));
}

TEST_CASE("lognormal unit must be a known unit", "[distribution][parse]") {
  const auto error = parse_error(R"({"dist": "lognormal", "mu": 1, "sigma": 1, "unit": "hr"})");
  CHECK(error.pointer() == "/ttf/unit");
  CHECK(contains(error.message(), "did you mean 'h'"));
  CHECK(contains(error.message(), "'y'"));
}

TEST_CASE("uniform max must exceed min", "[distribution][parse]") {
  const auto error = parse_error(R"({"dist": "uniform", "min": "1h", "max": "30m"})");
  CHECK(error.pointer() == "/ttf/max");
  CHECK(contains(error.message(), "longer than 'min' (1h)"));
}

TEST_CASE("empirical needs a non-empty array of durations", "[distribution][parse]") {
  auto error = parse_error(R"({"dist": "empirical", "samples": []})");
  CHECK(error.pointer() == "/ttf/samples");
  CHECK(contains(error.message(), "non-empty array"));

  error = parse_error(R"({"dist": "empirical", "samples": "20m"})");
  CHECK(error.pointer() == "/ttf/samples");

  error = parse_error(R"({"dist": "empirical", "samples": ["20m", 45]})");
  CHECK(error.pointer() == "/ttf/samples/1");
  CHECK(contains(error.message(), R"("45h")"));
}

TEST_CASE("a distribution must be an object with a string dist", "[distribution][parse]") {
  auto error = parse_error(R"("2000h")");
  CHECK(error.pointer() == "/ttf");
  CHECK(contains(error.message(), R"("mtbf": "2000h")"));

  error = parse_error(R"({"dist": 3})");
  CHECK(error.pointer() == "/ttf/dist");
}
