// Paired differences between designs that ran the same trials. Per-trial figures of a baseline
// (x) and a design (y) are gathered as co-moments, mergeable in chunk order (Chan et al.'s
// pairwise update), so the difference and its interval are bit-identical on any thread count
// and never need the trials kept.
#pragma once

#include <cstdint>

#include "sim/statistics.h"

namespace resim {

struct PairedMoments {
  std::int64_t n = 0;
  double mean_x = 0.0;
  double mean_y = 0.0;
  double m2_x = 0.0;  // Σ (x − mean_x)²
  double m2_y = 0.0;
  double c_xy = 0.0;  // Σ (x − mean_x)(y − mean_y)

  void add(double x, double y);
  void merge(const PairedMoments& later);
};

struct PairedDifference {
  Estimate paired;       // of mean(y − x), from the variance of the per-trial differences
  Estimate independent;  // the same difference as two independent runs of n trials would give it
  double correlation = 0.0;  // of x and y across trials
  // independent.half_width / paired.half_width: how much narrower common random numbers make
  // the interval (infinite when the designs never differ).
  double narrowing() const;
};

PairedDifference paired_difference(const PairedMoments& moments);

}  // namespace resim
