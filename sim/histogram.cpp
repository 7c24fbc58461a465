#include "sim/histogram.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace resim {

namespace {

// ln γ with γ = (1 + α) / (1 − α): a bin (γ^(i−1), γ^i] holds values within α of 2γ^i / (γ + 1).
const double LOG_GAMMA =
    std::log((1.0 + Histogram::RELATIVE_ERROR) / (1.0 - Histogram::RELATIVE_ERROR));

// The value within α of every value in [low, high] when high / low ≤ γ: the harmonic mean.
double representative(double low, double high) {
  return low == high ? low : 2.0 * low * high / (low + high);
}

}  // namespace

// Bins are written sparsely (a 64-trial chunk holds a few), and not at all while exact: the
// counts of empty bins are all that any figure or later merge reads of them.
void Histogram::save(ByteWriter& out) const {
  out.put_vector(thresholds_);
  out.put_vector(at_most_);
  out.put_vector(exact_);
  out.put(bins_offset_);
  if (!exact()) {
    std::uint32_t used = 0;
    for (const std::int64_t c : bin_count_) used += c > 0 ? 1 : 0;
    out.put(used);
    for (std::uint32_t i = 0; i < bin_count_.size(); ++i)
      if (bin_count_[i] > 0) {
        out.put(i);
        out.put(bin_count_[i]);
        out.put(bin_low_[i]);
        out.put(bin_high_[i]);
      }
  }
  for (const std::int64_t v : {zeros_, count_}) out.put(v);
  for (const double v : {sum_, compensation_, welford_mean_, m2_, min_, max_}) out.put(v);
}

void Histogram::load(ByteReader& in) {
  in.get_vector(thresholds_);
  in.get_vector(at_most_);
  in.get_vector(exact_);
  bins_offset_ = in.get<std::int32_t>();
  if (!exact()) {
    bin_count_.assign(MAX_BINS, 0);
    bin_low_.assign(MAX_BINS, 0.0);
    bin_high_.assign(MAX_BINS, 0.0);
    const auto used = in.get<std::uint32_t>();
    for (std::uint32_t b = 0; b < used; ++b) {
      const auto i = in.get<std::uint32_t>();
      if (i >= MAX_BINS) throw std::runtime_error("a histogram between processes is corrupt");
      bin_count_[i] = in.get<std::int64_t>();
      bin_low_[i] = in.get<double>();
      bin_high_[i] = in.get<double>();
    }
  }
  for (std::int64_t* v : {&zeros_, &count_}) *v = in.get<std::int64_t>();
  for (double* v : {&sum_, &compensation_, &welford_mean_, &m2_, &min_, &max_})
    *v = in.get<double>();
}

Histogram::Histogram(std::vector<double> thresholds)
    : thresholds_(std::move(thresholds)), at_most_(thresholds_.size(), 0) {}

std::int32_t Histogram::bin_of(double value) {
  return static_cast<std::int32_t>(std::ceil(std::log(value) / LOG_GAMMA));
}

void Histogram::add(double value) {
  if (!(value >= 0.0) || !std::isfinite(value))
    throw std::invalid_argument("Histogram::add: " + std::to_string(value) +
                                " is not a finite non-negative value");
  for (std::size_t i = 0; i < thresholds_.size(); ++i) at_most_[i] += value <= thresholds_[i];
  min_ = count_ == 0 ? value : std::min(min_, value);
  max_ = count_ == 0 ? value : std::max(max_, value);
  ++count_;
  add_to_sum(value);
  const double delta = value - welford_mean_;
  welford_mean_ += delta / static_cast<double>(count_);
  m2_ += delta * (value - welford_mean_);
  if (exact()) {
    exact_.push_back(value);
    if (exact_.size() > EXACT_LIMIT) to_bins();
  } else {
    add_to_bins(value, 1, value, value);
  }
}

// Neumaier's compensated summation: the error of each addition is kept apart.
void Histogram::add_to_sum(double value) {
  const double total = sum_ + value;
  compensation_ +=
      std::fabs(sum_) >= std::fabs(value) ? (sum_ - total) + value : (value - total) + sum_;
  sum_ = total;
}

void Histogram::to_bins() {
  bin_count_.assign(MAX_BINS, 0);
  bin_low_.assign(MAX_BINS, 0.0);
  bin_high_.assign(MAX_BINS, 0.0);
  bins_offset_ = max_ > 0.0 ? bin_of(max_) - static_cast<std::int32_t>(MAX_BINS) + 1 : 0;
  for (double v : exact_) add_to_bins(v, 1, v, v);
  exact_.clear();
  exact_.shrink_to_fit();
}

// Moves the window up so that its top bin is `top_bin`; bins falling out of it join the lowest.
void Histogram::slide_window(std::int32_t top_bin) {
  const auto shift = static_cast<std::size_t>(top_bin - (bins_offset_ + MAX_BINS - 1));
  const std::size_t keep = shift < MAX_BINS ? MAX_BINS - shift : 0;
  std::int64_t dropped = 0;
  double low = 0.0, high = 0.0;
  for (std::size_t i = 0; i < MAX_BINS - keep; ++i) {
    if (bin_count_[i] == 0) continue;
    low = dropped == 0 ? bin_low_[i] : std::min(low, bin_low_[i]);
    high = dropped == 0 ? bin_high_[i] : std::max(high, bin_high_[i]);
    dropped += bin_count_[i];
  }
  std::copy(bin_count_.end() - keep, bin_count_.end(), bin_count_.begin());
  std::copy(bin_low_.end() - keep, bin_low_.end(), bin_low_.begin());
  std::copy(bin_high_.end() - keep, bin_high_.end(), bin_high_.begin());
  std::fill(bin_count_.begin() + keep, bin_count_.end(), 0);
  bins_offset_ = top_bin - static_cast<std::int32_t>(MAX_BINS) + 1;
  if (dropped > 0) {
    if (bin_count_[0] > 0) {
      low = std::min(low, bin_low_[0]);
      high = std::max(high, bin_high_[0]);
    }
    bin_count_[0] += dropped;
    bin_low_[0] = low;
    bin_high_[0] = high;
  }
}

// `low` and `high` are the extreme values of `count` values that share one bin.
void Histogram::add_to_bins(double value, std::int64_t count, double low, double high) {
  if (value == 0.0) {
    zeros_ += count;
    return;
  }
  const std::int32_t bin = bin_of(value);
  if (bin > bins_offset_ + static_cast<std::int32_t>(MAX_BINS) - 1) slide_window(bin);
  const auto i = static_cast<std::size_t>(std::max(bin - bins_offset_, 0));
  if (bin_count_[i] == 0) {
    bin_low_[i] = low;
    bin_high_[i] = high;
  } else {
    bin_low_[i] = std::min(bin_low_[i], low);
    bin_high_[i] = std::max(bin_high_[i], high);
  }
  bin_count_[i] += count;
}

void Histogram::merge(const Histogram& later) {
  if (later.thresholds_ != thresholds_)
    throw std::invalid_argument("Histogram::merge: the histograms have different thresholds");
  if (later.count_ == 0) return;
  for (std::size_t i = 0; i < at_most_.size(); ++i) at_most_[i] += later.at_most_[i];
  min_ = count_ == 0 ? later.min_ : std::min(min_, later.min_);
  max_ = count_ == 0 ? later.max_ : std::max(max_, later.max_);
  const auto n_a = static_cast<double>(count_), n_b = static_cast<double>(later.count_);
  const double delta = later.welford_mean_ - welford_mean_;
  count_ += later.count_;
  const double n = static_cast<double>(count_);
  welford_mean_ += delta * n_b / n;
  m2_ += later.m2_ + delta * delta * n_a * n_b / n;
  add_to_sum(later.sum_);
  add_to_sum(later.compensation_);

  if (exact() && later.exact() && exact_.size() + later.exact_.size() <= EXACT_LIMIT) {
    exact_.insert(exact_.end(), later.exact_.begin(), later.exact_.end());
    return;
  }
  if (exact()) to_bins();
  if (later.exact()) {
    for (double v : later.exact_) add_to_bins(v, 1, v, v);
    return;
  }
  zeros_ += later.zeros_;
  for (std::size_t i = 0; i < later.bin_count_.size(); ++i)
    if (later.bin_count_[i] > 0)
      add_to_bins(later.bin_low_[i], later.bin_count_[i], later.bin_low_[i], later.bin_high_[i]);
}

void Histogram::clear() {
  std::fill(at_most_.begin(), at_most_.end(), 0);
  exact_.clear();
  bins_offset_ = NOT_BINNED;
  zeros_ = 0;
  count_ = 0;
  sum_ = compensation_ = welford_mean_ = m2_ = min_ = max_ = 0.0;
}

double Histogram::mean() const {
  return count_ == 0 ? 0.0 : sum() / static_cast<double>(count_);
}

double Histogram::variance() const {
  return count_ < 2 ? 0.0 : m2_ / static_cast<double>(count_ - 1);
}

// The k-th smallest value (from 0), once binned.
double Histogram::order_statistic(std::int64_t k) const {
  if (k < zeros_) return 0.0;
  k -= zeros_;
  for (std::size_t i = 0; i < bin_count_.size(); ++i) {
    const std::int64_t c = bin_count_[i];
    if (k >= c) {
      k -= c;
      continue;
    }
    if (k == 0) return bin_low_[i];
    if (k == c - 1) return bin_high_[i];
    return representative(bin_low_[i], bin_high_[i]);
  }
  return max_;
}

double Histogram::quantile(double q) const {
  if (count_ == 0) return 0.0;
  q = std::clamp(q, 0.0, 1.0);
  if (exact()) {
    std::vector<double> sorted = exact_;
    std::sort(sorted.begin(), sorted.end());
    return quantile_sorted(sorted, q);
  }
  const double position = q * static_cast<double>(count_ - 1);
  const auto below = static_cast<std::int64_t>(std::floor(position));
  const std::int64_t above = std::min(below + 1, count_ - 1);
  const double fraction = position - static_cast<double>(below);
  const double low = order_statistic(below);
  const double high = above == below ? low : order_statistic(above);
  return low + fraction * (high - low);
}

std::int64_t Histogram::count_at_most(double x) const {
  const auto threshold = std::find(thresholds_.begin(), thresholds_.end(), x);
  if (threshold != thresholds_.end()) return at_most_[threshold - thresholds_.begin()];
  if (exact()) return std::count_if(exact_.begin(), exact_.end(), [&](double v) { return v <= x; });
  if (x < 0.0) return 0;
  std::int64_t n = zeros_;
  for (std::size_t i = 0; i < bin_count_.size(); ++i) {
    if (bin_count_[i] == 0) continue;
    if (bin_low_[i] > x) break;
    if (bin_high_[i] <= x || x >= representative(bin_low_[i], bin_high_[i])) n += bin_count_[i];
  }
  return n;
}

std::size_t Histogram::memory_bytes() const {
  return sizeof(*this) +
         (thresholds_.capacity() + exact_.capacity() + bin_low_.capacity() + bin_high_.capacity()) *
             sizeof(double) +
         (at_most_.capacity() + bin_count_.capacity()) * sizeof(std::int64_t);
}

Estimate estimate_mean(const Histogram& values) {
  Estimate e;
  e.n = values.count();
  e.mean = values.mean();
  if (e.n < 2) {
    if (e.n == 1) e.std_error = e.half_width = std::numeric_limits<double>::infinity();
    return e;
  }
  const double n = static_cast<double>(e.n);
  e.std_error = std::sqrt(values.variance() / n);
  e.half_width = t_quantile(0.5 + CONFIDENCE / 2.0, n - 1.0) * e.std_error;
  return e;
}

}  // namespace resim
