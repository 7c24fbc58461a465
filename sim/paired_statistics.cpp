#include "sim/paired_statistics.h"

#include <cmath>
#include <limits>

namespace resim {

void PairedMoments::add(double x, double y) {
  ++n;
  const double count = static_cast<double>(n);
  const double dx = x - mean_x;
  mean_x += dx / count;
  const double dy = y - mean_y;
  mean_y += dy / count;
  m2_x += dx * (x - mean_x);
  m2_y += dy * (y - mean_y);
  c_xy += dx * (y - mean_y);
}

void PairedMoments::merge(const PairedMoments& later) {
  if (later.n == 0) return;
  if (n == 0) {
    *this = later;
    return;
  }
  const double a = static_cast<double>(n);
  const double b = static_cast<double>(later.n);
  const double total = a + b;
  const double dx = later.mean_x - mean_x;
  const double dy = later.mean_y - mean_y;
  m2_x += later.m2_x + dx * dx * a * b / total;
  m2_y += later.m2_y + dy * dy * a * b / total;
  c_xy += later.c_xy + dx * dy * a * b / total;
  mean_x += dx * b / total;
  mean_y += dy * b / total;
  n += later.n;
}

namespace {

Estimate difference_estimate(double mean, double variance_of_mean, std::int64_t n) {
  Estimate e;
  e.n = n;
  e.mean = mean;
  if (n < 2) {
    e.std_error = e.half_width = std::numeric_limits<double>::infinity();
    return e;
  }
  e.std_error = std::sqrt(std::max(variance_of_mean, 0.0));
  e.half_width = t_quantile(0.5 + CONFIDENCE / 2.0, static_cast<double>(n) - 1.0) * e.std_error;
  return e;
}

}  // namespace

double PairedDifference::narrowing() const {
  if (paired.half_width > 0.0) return independent.half_width / paired.half_width;
  return independent.half_width > 0.0 ? std::numeric_limits<double>::infinity() : 1.0;
}

PairedDifference paired_difference(const PairedMoments& m) {
  PairedDifference d;
  const double n = static_cast<double>(m.n);
  const double dof = n - 1.0;
  const double var_x = m.n > 1 ? m.m2_x / dof : 0.0;
  const double var_y = m.n > 1 ? m.m2_y / dof : 0.0;
  const double cov = m.n > 1 ? m.c_xy / dof : 0.0;
  const double mean = m.mean_y - m.mean_x;
  d.paired = difference_estimate(mean, (var_x + var_y - 2.0 * cov) / n, m.n);
  d.independent = difference_estimate(mean, (var_x + var_y) / n, m.n);
  d.correlation = var_x > 0.0 && var_y > 0.0 ? cov / std::sqrt(var_x * var_y) : 0.0;
  return d;
}

}  // namespace resim
