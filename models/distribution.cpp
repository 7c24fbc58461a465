#include "models/distribution.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <stdexcept>
#include <string_view>
#include <utility>

#include <boost/math/distributions/normal.hpp>
#include <boost/math/special_functions/gamma.hpp>

#include "models/duration.h"
#include "models/json_reader.h"
#include "models/scenario_error.h"

namespace resim {

namespace {

// Extreme shapes overflow Γ; an infinite moment is the honest answer there, not an exception.
using MathPolicy = boost::math::policies::policy<
    boost::math::policies::overflow_error<boost::math::policies::ignore_error>>;
using StandardNormal = boost::math::normal_distribution<double, MathPolicy>;

// The 95th percentile of the standard normal: p95 = median * exp(Z95 * sigma).
constexpr double Z95 = 1.6448536269514722;

// Below this share of mass above zero, the truncated normal is mostly rejection loops and
// no longer resembles the normal the planner wrote.
constexpr double MIN_NORMAL_MASS_ABOVE_ZERO = 1.0e-3;

double tgamma(double x) {
  return boost::math::tgamma(x, MathPolicy());
}
double normal_cdf(double z) {
  return boost::math::cdf(StandardNormal(), z);
}
double normal_upper_tail(double z) {
  return boost::math::cdf(boost::math::complement(StandardNormal(), z));
}
double normal_pdf(double z) {
  return boost::math::pdf(StandardNormal(), z);
}

double normal_mass_above_zero(double mean, double sd) {
  return normal_cdf(mean / sd);
}

void require(bool ok, const char* what) {
  if (!ok) throw std::invalid_argument(std::string("Distribution: ") + what);
}

std::string format_number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", value);
  return buffer;
}

// Marsaglia & Tsang (2000), valid for shape >= 1; unit scale.
double sample_gamma_shape_at_least_one(double shape, RandomStream& stream) {
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    const double x = stream.standard_normal();
    const double t = 1.0 + c * x;
    if (t <= 0.0) continue;
    const double v = t * t * t;
    const double u = stream.uniform_pos();
    const double x2 = x * x;
    if (u < 1.0 - 0.0331 * x2 * x2) return d * v;
    if (std::log(u) < 0.5 * x2 + d * (1.0 - v + std::log(v))) return d * v;
  }
}

// Unit scale. For shape < 1, Gamma(shape) = Gamma(shape + 1) * U^(1/shape); the power is
// taken through the logarithm so that tiny shapes do not underflow U^(1/shape) needlessly.
double sample_gamma(double shape, RandomStream& stream) {
  if (shape >= 1.0) return sample_gamma_shape_at_least_one(shape, stream);
  const double g = sample_gamma_shape_at_least_one(shape + 1.0, stream);
  return g * std::exp(std::log(stream.uniform_pos()) / shape);
}

double sample_truncated_normal(double mean, double sd, RandomStream& stream) {
  for (;;) {
    const double x = mean + sd * stream.standard_normal();
    if (x >= 0.0) return x;
  }
}

// Moments of N(mean, sd²) truncated to [0, ∞): with α = -mean/sd and λ = φ(α) / (1 - Φ(α)),
// E = mean + sd λ and Var = sd² (1 + α λ - λ²).
std::pair<double, double> truncated_normal_moments(double mean, double sd) {
  const double alpha = -mean / sd;
  const double lambda = normal_pdf(alpha) / normal_upper_tail(alpha);
  return {mean + sd * lambda, sd * sd * (1.0 + alpha * lambda - lambda * lambda)};
}

double truncated_normal_cdf(double mean, double sd, double x) {
  if (x <= 0.0) return 0.0;
  // Written through upper tails so that the far right keeps its precision.
  return 1.0 - normal_upper_tail((x - mean) / sd) / normal_upper_tail(-mean / sd);
}

double empirical_mean(const std::vector<double>& samples) {
  return std::accumulate(samples.begin(), samples.end(), 0.0) / static_cast<double>(samples.size());
}

double empirical_variance(const std::vector<double>& samples) {
  const double mean = empirical_mean(samples);
  double sum = 0.0;
  for (double x : samples) sum += (x - mean) * (x - mean);
  return sum / static_cast<double>(samples.size());
}

// ---- parsing ---------------------------------------------------------------------------

JsonReader required(const JsonReader& node, const std::string& key, const std::string& example) {
  if (!node.has(key)) node.fail("missing key '" + key + "': add it, for example " + example);
  return node.at(key);
}

double required_positive_number(const JsonReader& node, const std::string& key,
                                const std::string& example) {
  const JsonReader value = required(node, key, example);
  const double number = value.as_number();
  if (!(number > 0.0))
    value.fail("'" + key + "' must be greater than zero, for example " + example);
  return number;
}

double required_duration(const JsonReader& node, const std::string& key,
                         const std::string& example) {
  return required(node, key, example).as_duration();
}

double required_positive_duration(const JsonReader& node, const std::string& key,
                                  const std::string& example) {
  const JsonReader value = required(node, key, example);
  const double seconds = value.as_duration();
  if (!(seconds > 0.0))
    value.fail("'" + key + "' must be longer than zero, for example " + example);
  return seconds;
}

Distribution parse_exponential(const JsonReader& node) {
  node.allow_only({"dist", "mean"});
  return Distribution::exponential(required_positive_duration(node, "mean", R"("mean": "2000h")"));
}

Distribution parse_weibull(const JsonReader& node) {
  node.allow_only({"dist", "shape", "scale"});
  const double shape = required_positive_number(node, "shape", R"("shape": 1.5)");
  const double scale = required_positive_duration(node, "scale", R"("scale": "3000h")");
  return Distribution::weibull(shape, scale);
}

constexpr std::array<std::string_view, 3> LOGNORMAL_LOG_KEYS{"mu", "sigma", "unit"};
const std::vector<std::string> LOG_UNITS{"s", "m", "h", "d", "w", "y"};

std::string quoted_list(const std::vector<std::string>& names) {
  std::string list;
  for (const auto& name : names) list += (list.empty() ? "'" : ", '") + name + "'";
  return list;
}

Distribution parse_lognormal_median_p95(const JsonReader& node) {
  const double median = required_positive_duration(node, "median", R"("median": "30m")");
  const JsonReader p95_node = required(node, "p95", R"("p95": "2h")");
  const double p95 = p95_node.as_duration();
  if (!(p95 > median))
    p95_node.fail("'p95' must be longer than the median (" + format_duration(median) +
                  "): it is the time 95% of draws stay under, for example \"p95\": \"" +
                  format_duration(4.0 * median) + "\"");
  return Distribution::lognormal_from_median_p95(median, p95);
}

// The unit's length in seconds, through the one place that knows the units.
double log_unit_seconds(const JsonReader& node) {
  const JsonReader unit_node = required(node, "unit", R"("unit": "h")");
  const std::string unit = unit_node.as_string();
  if (std::find(LOG_UNITS.begin(), LOG_UNITS.end(), unit) == LOG_UNITS.end())
    unit_node.fail("unknown unit '" + unit + "'" + did_you_mean(unit, LOG_UNITS) +
                   "; write one of " + quoted_list(LOG_UNITS));
  return *parse_duration("1" + unit);
}

Distribution parse_lognormal_mu_sigma(const JsonReader& node) {
  const double mu = required(node, "mu", R"("mu": 3.4)").as_number();
  const double sigma = required_positive_number(node, "sigma", R"("sigma": 0.5)");
  // ln(t in seconds) = ln(t in unit) + ln(seconds per unit): only mu moves.
  return Distribution::lognormal(mu + std::log(log_unit_seconds(node)), sigma);
}

Distribution parse_lognormal(const JsonReader& node) {
  node.allow_only({"dist", "median", "p95", "mu", "sigma", "unit"});
  const bool quantile_form = node.has("median") || node.has("p95");
  const auto first_log_key = std::find_if(LOGNORMAL_LOG_KEYS.begin(), LOGNORMAL_LOG_KEYS.end(),
                                          [&](std::string_view key) { return node.has(key); });
  const bool log_form = first_log_key != LOGNORMAL_LOG_KEYS.end();
  if (quantile_form && log_form)
    node.at(*first_log_key)
        .fail(R"(a lognormal takes either "median" and "p95", or "mu", "sigma" and "unit", )"
              R"(not both: keep one form, for example "median": "30m", "p95": "2h")");
  if (!quantile_form && !log_form)
    node.fail(R"(a lognormal needs "median" and "p95", for example "median": "30m", "p95": "2h" )"
              R"((or "mu", "sigma" and "unit" for ln of the time in that unit))");
  return quantile_form ? parse_lognormal_median_p95(node) : parse_lognormal_mu_sigma(node);
}

Distribution parse_normal(const JsonReader& node) {
  node.allow_only({"dist", "mean", "sd"});
  const double mean = required_duration(node, "mean", R"("mean": "4h")");
  const double sd = required_positive_duration(node, "sd", R"("sd": "1h")");
  if (normal_mass_above_zero(mean, sd) < MIN_NORMAL_MASS_ABOVE_ZERO)
    node.at("mean").fail(
        "mean is too far below zero for its sd: durations are drawn truncated at zero; raise the "
        "mean or use another distribution, such as a lognormal");
  return Distribution::normal(mean, sd);
}

Distribution parse_gamma(const JsonReader& node) {
  node.allow_only({"dist", "shape", "scale"});
  const double shape = required_positive_number(node, "shape", R"("shape": 2)");
  const double scale = required_positive_duration(node, "scale", R"("scale": "1h")");
  return Distribution::gamma(shape, scale);
}

Distribution parse_uniform(const JsonReader& node) {
  node.allow_only({"dist", "min", "max"});
  const double min = required_duration(node, "min", R"("min": "10m")");
  const JsonReader max_node = required(node, "max", R"("max": "1h")");
  const double max = max_node.as_duration();
  if (!(max > min))
    max_node.fail("'max' must be longer than 'min' (" + format_duration(min) +
                  "), for example \"max\": \"" + format_duration(min + SECONDS_PER_HOUR) + "\"");
  return Distribution::uniform(min, max);
}

Distribution parse_constant(const JsonReader& node) {
  node.allow_only({"dist", "value"});
  return Distribution::constant(required_duration(node, "value", R"("value": "5m")"));
}

Distribution parse_empirical(const JsonReader& node) {
  node.allow_only({"dist", "samples"});
  const char* example = R"("samples": ["20m", "45m", "2h"])";
  const JsonReader samples_node = required(node, "samples", example);
  if (!samples_node.is_array() || samples_node.size() == 0)
    samples_node.fail(std::string("expected a non-empty array of durations, for example ") +
                      example);
  std::vector<double> samples;
  samples.reserve(samples_node.size());
  for (std::size_t i = 0; i < samples_node.size(); ++i)
    samples.push_back(samples_node.at(i).as_duration());
  return Distribution::empirical(std::move(samples));
}

struct KindEntry {
  DistributionKind kind;
  std::string_view name;
  Distribution (*parse)(const JsonReader&);
};

// In DistributionKind order, so that a kind's name is KINDS[kind].
constexpr std::array<KindEntry, 8> KINDS{{
    {DistributionKind::EXPONENTIAL, "exponential", parse_exponential},
    {DistributionKind::WEIBULL, "weibull", parse_weibull},
    {DistributionKind::LOGNORMAL, "lognormal", parse_lognormal},
    {DistributionKind::NORMAL, "normal", parse_normal},
    {DistributionKind::GAMMA, "gamma", parse_gamma},
    {DistributionKind::UNIFORM, "uniform", parse_uniform},
    {DistributionKind::CONSTANT, "constant", parse_constant},
    {DistributionKind::EMPIRICAL, "empirical", parse_empirical},
}};

constexpr bool kinds_in_enum_order() {
  for (std::size_t i = 0; i < KINDS.size(); ++i) {
    if (static_cast<std::size_t>(KINDS[i].kind) != i) return false;
  }
  return true;
}
static_assert(kinds_in_enum_order());

std::string kind_name(DistributionKind kind) {
  return std::string(KINDS[static_cast<std::size_t>(kind)].name);
}

std::vector<std::string> kind_names() {
  std::vector<std::string> names;
  for (const auto& entry : KINDS) names.emplace_back(entry.name);
  return names;
}

}  // namespace

// ---- construction ----------------------------------------------------------------------

Distribution::Distribution(DistributionKind kind, double a, double b) : kind_(kind), a_(a), b_(b) {}

Distribution Distribution::exponential(double mean) {
  require(mean > 0.0 && std::isfinite(mean), "exponential mean must be positive and finite");
  return Distribution(DistributionKind::EXPONENTIAL, mean, 0.0);
}

Distribution Distribution::weibull(double shape, double scale) {
  require(shape > 0.0 && std::isfinite(shape), "weibull shape must be positive and finite");
  require(scale > 0.0 && std::isfinite(scale), "weibull scale must be positive and finite");
  return Distribution(DistributionKind::WEIBULL, shape, scale);
}

Distribution Distribution::lognormal(double mu, double sigma) {
  require(std::isfinite(mu), "lognormal mu must be finite");
  require(sigma > 0.0 && std::isfinite(sigma), "lognormal sigma must be positive and finite");
  return Distribution(DistributionKind::LOGNORMAL, mu, sigma);
}

Distribution Distribution::lognormal_from_median_p95(double median, double p95) {
  require(median > 0.0 && std::isfinite(median), "lognormal median must be positive and finite");
  require(p95 > median && std::isfinite(p95), "lognormal p95 must exceed the median");
  Distribution d = lognormal(std::log(median), std::log(p95 / median) / Z95);
  d.median_p95_form_ = true;
  return d;
}

Distribution Distribution::normal(double mean, double sd) {
  require(std::isfinite(mean), "normal mean must be finite");
  require(sd > 0.0 && std::isfinite(sd), "normal sd must be positive and finite");
  require(normal_mass_above_zero(mean, sd) >= MIN_NORMAL_MASS_ABOVE_ZERO,
          "normal mean is too far below zero for its sd");
  return Distribution(DistributionKind::NORMAL, mean, sd);
}

Distribution Distribution::gamma(double shape, double scale) {
  require(shape > 0.0 && std::isfinite(shape), "gamma shape must be positive and finite");
  require(scale > 0.0 && std::isfinite(scale), "gamma scale must be positive and finite");
  return Distribution(DistributionKind::GAMMA, shape, scale);
}

Distribution Distribution::uniform(double min, double max) {
  require(min >= 0.0 && std::isfinite(max), "uniform bounds must be finite and not negative");
  require(max > min, "uniform max must exceed min");
  return Distribution(DistributionKind::UNIFORM, min, max);
}

Distribution Distribution::constant(double value) {
  require(value >= 0.0 && std::isfinite(value), "constant must be finite and not negative");
  return Distribution(DistributionKind::CONSTANT, value, 0.0);
}

Distribution Distribution::empirical(std::vector<double> samples) {
  require(!samples.empty(), "empirical needs at least one sample");
  require(std::all_of(samples.begin(), samples.end(),
                      [](double x) { return x >= 0.0 && std::isfinite(x); }),
          "empirical samples must be finite and not negative");
  std::sort(samples.begin(), samples.end());
  Distribution d(DistributionKind::EMPIRICAL, 0.0, 0.0);
  d.samples_ = std::move(samples);
  return d;
}

// ---- sampling and moments ----------------------------------------------------------------

double Distribution::sample(RandomStream& stream) const {
  switch (kind_) {
    case DistributionKind::EXPONENTIAL:
      return stream.exponential(a_);
    case DistributionKind::WEIBULL:
      return b_ * std::pow(-std::log(stream.uniform_pos()), 1.0 / a_);
    case DistributionKind::LOGNORMAL:
      return std::exp(a_ + b_ * stream.standard_normal());
    case DistributionKind::NORMAL:
      return sample_truncated_normal(a_, b_, stream);
    case DistributionKind::GAMMA:
      return b_ * sample_gamma(a_, stream);
    case DistributionKind::UNIFORM:
      return a_ + (b_ - a_) * stream.uniform();
    case DistributionKind::CONSTANT:
      return a_;
    case DistributionKind::EMPIRICAL: {
      // uniform() < 1, but the product can still round up to size() for huge vectors.
      const auto n = samples_.size();
      const auto i = static_cast<std::size_t>(stream.uniform() * static_cast<double>(n));
      return samples_[std::min(i, n - 1)];
    }
  }
  return a_;  // unreachable: every kind is handled above
}

double Distribution::mean() const {
  switch (kind_) {
    case DistributionKind::EXPONENTIAL:
      return a_;
    case DistributionKind::WEIBULL:
      return b_ * tgamma(1.0 + 1.0 / a_);
    case DistributionKind::LOGNORMAL:
      return std::exp(a_ + 0.5 * b_ * b_);
    case DistributionKind::NORMAL:
      return truncated_normal_moments(a_, b_).first;
    case DistributionKind::GAMMA:
      return a_ * b_;
    case DistributionKind::UNIFORM:
      return 0.5 * (a_ + b_);
    case DistributionKind::CONSTANT:
      return a_;
    case DistributionKind::EMPIRICAL:
      return empirical_mean(samples_);
  }
  return a_;
}

double Distribution::variance() const {
  switch (kind_) {
    case DistributionKind::EXPONENTIAL:
      return a_ * a_;
    case DistributionKind::WEIBULL: {
      const double g1 = tgamma(1.0 + 1.0 / a_);
      return b_ * b_ * (tgamma(1.0 + 2.0 / a_) - g1 * g1);
    }
    case DistributionKind::LOGNORMAL:
      return std::expm1(b_ * b_) * std::exp(2.0 * a_ + b_ * b_);
    case DistributionKind::NORMAL:
      return truncated_normal_moments(a_, b_).second;
    case DistributionKind::GAMMA:
      return a_ * b_ * b_;
    case DistributionKind::UNIFORM:
      return (b_ - a_) * (b_ - a_) / 12.0;
    case DistributionKind::CONSTANT:
      return 0.0;
    case DistributionKind::EMPIRICAL:
      return empirical_variance(samples_);
  }
  return 0.0;
}

double Distribution::cdf(double x) const {
  if (x < 0.0) return 0.0;
  switch (kind_) {
    case DistributionKind::EXPONENTIAL:
      return -std::expm1(-x / a_);
    case DistributionKind::WEIBULL:
      return -std::expm1(-std::pow(x / b_, a_));
    case DistributionKind::LOGNORMAL:
      return x == 0.0 ? 0.0 : normal_cdf((std::log(x) - a_) / b_);
    case DistributionKind::NORMAL:
      return truncated_normal_cdf(a_, b_, x);
    case DistributionKind::GAMMA:
      return boost::math::gamma_p(a_, x / b_, MathPolicy());
    case DistributionKind::UNIFORM:
      return std::clamp((x - a_) / (b_ - a_), 0.0, 1.0);
    case DistributionKind::CONSTANT:
      return x >= a_ ? 1.0 : 0.0;
    case DistributionKind::EMPIRICAL: {
      const auto at_most_x = std::upper_bound(samples_.begin(), samples_.end(), x);
      return static_cast<double>(at_most_x - samples_.begin()) /
             static_cast<double>(samples_.size());
    }
  }
  return 0.0;
}

// ---- description -----------------------------------------------------------------------

std::string Distribution::describe() const {
  const std::string name = kind_name(kind_);
  const auto with = [&](const std::string& a, const std::string& b) {
    return name + "(" + a + (b.empty() ? "" : ", " + b) + ")";
  };
  switch (kind_) {
    case DistributionKind::EXPONENTIAL:
      return with("mean " + format_duration(a_), "");
    case DistributionKind::WEIBULL:
    case DistributionKind::GAMMA:
      return with("shape " + format_number(a_), "scale " + format_duration(b_));
    case DistributionKind::LOGNORMAL: {
      const std::string median = "median " + format_duration(std::exp(a_));
      if (median_p95_form_) return with(median, "p95 " + format_duration(std::exp(a_ + Z95 * b_)));
      return with(median, "sigma " + format_number(b_));
    }
    case DistributionKind::NORMAL:
      return with("mean " + format_duration(a_), "sd " + format_duration(b_));
    case DistributionKind::UNIFORM:
      return with("min " + format_duration(a_), "max " + format_duration(b_));
    case DistributionKind::CONSTANT:
      return with(format_duration(a_), "");
    case DistributionKind::EMPIRICAL:
      return with(std::to_string(samples_.size()) + " samples",
                  format_duration(samples_.front()) + " to " + format_duration(samples_.back()));
  }
  return name;
}

// ---- parsing entry point -----------------------------------------------------------------

Distribution parse_distribution(const JsonReader& node) {
  const std::string kinds = quoted_list(kind_names());
  if (!node.is_object())
    node.fail(R"(expected a distribution object, for example {"dist": "exponential", "mean": )"
              R"("2000h"}, or the shorthand "mtbf": "2000h" / "mttr": "30m")");
  if (!node.has("dist"))
    node.fail(R"(missing key 'dist': write "dist": one of )" + kinds +
              R"( with its parameters, for example {"dist": "weibull", "shape": 1.5, "scale": )"
              R"("3000h"}; for an exponential you can instead write the shorthand "mtbf": )"
              R"("2000h" (time to failure) or "mttr": "30m" (time to repair))");
  const JsonReader dist = node.at("dist");
  const std::string name = dist.as_string();
  for (const auto& entry : KINDS) {
    if (entry.name == name) return entry.parse(node);
  }
  dist.fail("unknown distribution '" + name + "'" + did_you_mean(name, kind_names()) +
            "; write one of " + kinds);
}

}  // namespace resim
