// Probability distributions of durations (time to failure, time to repair, delays).
// All values are in seconds.
#pragma once

#include <string>
#include <vector>

#include "sim/random.h"

namespace resim {

class JsonReader;

enum class DistributionKind {
  EXPONENTIAL,
  WEIBULL,
  LOGNORMAL,
  NORMAL,  // truncated at zero
  GAMMA,
  UNIFORM,
  CONSTANT,
  EMPIRICAL,
};

class Distribution {
 public:
  static Distribution exponential(double mean);
  static Distribution weibull(double shape, double scale);
  static Distribution lognormal(double mu, double sigma);  // of ln(seconds)
  static Distribution lognormal_from_median_p95(double median, double p95);
  static Distribution normal(double mean, double sd);  // truncated at zero
  static Distribution gamma(double shape, double scale);
  static Distribution uniform(double min, double max);
  static Distribution constant(double value);
  static Distribution empirical(std::vector<double> samples);

  DistributionKind kind() const { return kind_; }
  bool is_exponential() const { return kind_ == DistributionKind::EXPONENTIAL; }

  // Dispatches on kind_ with a switch: no virtual call, no allocation.
  double sample(RandomStream& stream) const;

  // Moments and CDF of the distribution actually sampled (for the normal, the truncated one).
  double mean() const;
  double variance() const;
  double cdf(double x) const;

  // "exponential(mean 2000h)", for summaries and error messages.
  std::string describe() const;

 private:
  Distribution(DistributionKind kind, double a, double b);

  DistributionKind kind_ = DistributionKind::CONSTANT;
  double a_ = 0.0;                // first parameter (mean, shape, mu, min, value)
  double b_ = 0.0;                // second parameter (scale, sigma, sd, max)
  std::vector<double> samples_;   // empirical only, sorted
  bool median_p95_form_ = false;  // lognormal given as median and p95: describe() says it so
};

// Parses a distribution object such as {"dist": "weibull", "shape": 1.5, "scale": "3000h"}.
// See docs/scenario-format.md for every kind and its keys.
Distribution parse_distribution(const JsonReader& node);

}  // namespace resim
