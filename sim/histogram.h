// A streaming, mergeable summary of non-negative values (durations, data lost, downtime per
// trial): count, compensated sum, mean and variance, min, max, quantiles and counts at or below
// a limit, in memory bounded by the range of the values, never by how many were added.
//
// Accuracy, as reported in docs/results-format.md:
// - While at most EXACT_LIMIT values were added, they are all kept and every figure is exact
//   (quantiles interpolate between order statistics, "type 7", as quantile_sorted does).
// - Beyond that, positive values are counted in log-spaced bins (v in (γ^(i-1), γ^i], with
//   γ = (1 + RELATIVE_ERROR) / (1 - RELATIVE_ERROR)) that also keep the smallest and largest
//   value they received. An order statistic is then within RELATIVE_ERROR (0.5 %) of the value,
//   and so is any quantile. It is exact for zero, for the smallest and largest value of each bin
//   and so for the overall min and max, and for atoms: a bin that received one value only
//   (a constant delay) reports it exactly.
// - The bins are a fixed window of MAX_BINS (2048: 8.9 decades) below the largest value: smaller
//   positive values share the window's lowest bin, so quantiles more than 8.9 decades below the
//   maximum lose the 0.5 % bound (they stay between the true neighbours). Memory is then fixed:
//   at most EXACT_LIMIT values, then MAX_BINS bins of 24 bytes, whatever was added.
// - count, min, max and counts at the thresholds given at construction are always exact; sum
//   is Neumaier-compensated; variance comes from Welford's update and Chan's merge.
//
// Reproducibility: add() and merge() are deterministic, so merging chunks in chunk order gives
// bit-identical figures on any number of threads. Bin counts are integers, so quantiles and
// threshold counts do not even depend on the merge order; sum, mean and variance do.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/byte_codec.h"
#include "sim/statistics.h"

namespace resim {

class Histogram {
 public:
  static constexpr double RELATIVE_ERROR = 0.005;
  static constexpr std::size_t EXACT_LIMIT = 512;
  static constexpr std::size_t MAX_BINS = 2048;

  // `thresholds`: limits whose count_at_most() must be exact (a target's limit, say).
  explicit Histogram(std::vector<double> thresholds = {});

  // Throws std::invalid_argument for a negative or non-finite value.
  void add(double value);
  // As if `later`'s values had been added after this one's. Thresholds must be the same.
  void merge(const Histogram& later);
  // Back to empty, keeping thresholds and allocated memory (for reuse per chunk).
  void clear();

  std::int64_t count() const { return count_; }
  bool empty() const { return count_ == 0; }
  double sum() const { return sum_ + compensation_; }
  double mean() const;                 // 0 when empty
  double variance() const;             // sample variance (n − 1); 0 below two values
  double min() const { return min_; }  // 0 when empty
  double max() const { return max_; }  // 0 when empty
  // Quantile q in [0, 1], type 7; 0 when empty.
  double quantile(double q) const;
  // Values ≤ x. Exact while exact() or when x is one of the thresholds; otherwise the values of
  // the one bin straddling x (all within RELATIVE_ERROR of x) count when x reaches that bin's
  // representative value.
  std::int64_t count_at_most(double x) const;
  bool exact() const { return bins_offset_ == NOT_BINNED; }
  // Heap and object bytes held: at most EXACT_LIMIT values, or MAX_BINS bins.
  std::size_t memory_bytes() const;
  // The whole state, so that a histogram loaded in another process merges exactly as this one.
  void save(ByteWriter& out) const;
  void load(ByteReader& in);

 private:
  static constexpr std::int32_t NOT_BINNED = INT32_MIN;

  void to_bins();
  void add_to_bins(double value, std::int64_t count, double low, double high);
  static std::int32_t bin_of(double value);
  void slide_window(std::int32_t top_bin);
  double order_statistic(std::int64_t k) const;
  void add_to_sum(double value);

  std::vector<double> thresholds_;
  std::vector<std::int64_t> at_most_;  // per threshold
  std::vector<double> exact_;          // the values, while exact()
  // Bins: entry i is bin bins_offset_ + i; entry 0 also holds anything below. Zeros apart.
  std::int32_t bins_offset_ = NOT_BINNED;
  std::vector<std::int64_t> bin_count_;
  std::vector<double> bin_low_;
  std::vector<double> bin_high_;
  std::int64_t zeros_ = 0;

  std::int64_t count_ = 0;
  double sum_ = 0.0;
  double compensation_ = 0.0;
  double welford_mean_ = 0.0;
  double m2_ = 0.0;
  double min_ = 0.0;
  double max_ = 0.0;
};

// The mean of the values with its Student-t interval, as estimate_mean gives for a vector.
Estimate estimate_mean(const Histogram& values);

}  // namespace resim
