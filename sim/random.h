// Random streams: one SplitMix64 sequence per (seed, trial, purpose, element).
//
// Header-only so that models/ can sample distributions without linking the engine.
#pragma once

#include <cmath>
#include <cstdint>
#include <string_view>

namespace resim {

// What a stream is for. Each purpose draws from its own sequence, so adding draws to one
// model (say, lag spikes) never shifts the draws of another (failures). Append only:
// renumbering a purpose changes every result computed with it.
enum class StreamPurpose : std::uint64_t {
  FAILURE = 1,
  REPAIR = 2,
  DETECTION = 3,
  SWITCHOVER = 4,
  LAG = 5,
  FAILOVER = 6,  // whether automatic failover works
  MANUAL = 7,
  STARTUP = 8,
  SCALE_UP = 9,  // a scaled-down standby's time to full capacity once promoted
  // Backups and restores (sim/backups.cpp), numbered apart so that other models' purposes can
  // be appended below them without colliding.
  THREAT = 100,             // when corruption, ransomware or an operator error strikes
  THREAT_DETECTION = 101,   // how long until it is noticed
  BACKUP_FAILURE = 102,     // per backup job: did it fail
  BACKUP_DURATION = 103,    // per backup job: how long it ran
  BACKUP_COPY_DELAY = 104,  // per backup job and copy: when the copy arrived
  RESTORE_TIME = 105,       // per dataset: overhead and incremental steps of each attempt
  RESTORE_FAILURE = 106,    // per dataset: did the attempt fail
  ARCHIVE_LAG = 107,        // per dataset: archive lag and copy delays at the moment of need
  DESTRUCTION = 108,        // per region or zone outage: is it destroyed
  STORAGE_LOSS = 109,       // per instance failure: is its local copy of the data lost
  LOCATION_OUTAGE = 110,    // per storage location
  LOCATION_LOSS = 111,
};

inline constexpr std::uint64_t splitmix64_mix(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// FNV-1a: a stable key for an element from its name, so an element keeps its draws when
// other elements are added to or removed from a scenario (common random numbers for what-ifs).
inline constexpr std::uint64_t stable_key(std::string_view name) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : name) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

class RandomStream {
 public:
  static constexpr std::uint64_t GOLDEN_GAMMA = 0x9e3779b97f4a7c15ULL;

  RandomStream() = default;
  explicit RandomStream(std::uint64_t state) : state_(state) {}

  // Reproducibility rule: a stream depends on (seed, trial, purpose, element key) only,
  // never on the thread or the order in which trials are run.
  static RandomStream for_trial(std::uint64_t seed, std::uint64_t trial, StreamPurpose purpose,
                                std::uint64_t element_key) {
    return for_element(trial_state(seed, trial, purpose), element_key);
  }

  // for_trial in two steps, so that a trial seeding many elements for one purpose mixes the
  // (seed, trial, purpose) part once: for_element(trial_state(s, t, p), k) == for_trial(s, t, p,
  // k).
  static std::uint64_t trial_state(std::uint64_t seed, std::uint64_t trial, StreamPurpose purpose) {
    std::uint64_t s = splitmix64_mix(seed + GOLDEN_GAMMA);
    s = splitmix64_mix(s ^ (trial * GOLDEN_GAMMA + 0x632be59bd9b4e019ULL));
    return splitmix64_mix(s ^ (static_cast<std::uint64_t>(purpose) * 0xd1b54a32d192ed03ULL));
  }
  static RandomStream for_element(std::uint64_t trial_state, std::uint64_t element_key) {
    return RandomStream(splitmix64_mix(trial_state ^ element_key));
  }

  std::uint64_t next_u64() {
    state_ += GOLDEN_GAMMA;
    return splitmix64_mix(state_);
  }

  // Uniform on [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

  // Uniform on (0, 1]: safe to take the logarithm of.
  double uniform_pos() { return 1.0 - uniform(); }

  double exponential(double mean) { return -mean * std::log(uniform_pos()); }

  // Marsaglia polar method; the spare variate is discarded so that every call consumes a
  // whole number of draws and the stream's position depends on call count alone.
  double standard_normal() {
    for (;;) {
      const double u = 2.0 * uniform() - 1.0;
      const double v = 2.0 * uniform() - 1.0;
      const double s = u * u + v * v;
      if (s > 0.0 && s < 1.0) return u * std::sqrt(-2.0 * std::log(s) / s);
    }
  }

 private:
  std::uint64_t state_ = 0;
};

}  // namespace resim
