// Poisson variates for any mean: exact inversion for small means, Hörmann's transformed
// rejection (PTRS) above, where e^-mean would underflow (at about 745) or inversion would take
// O(mean) steps.
#pragma once

#include <cstdint>

#include "sim/random.h"

namespace resim {

// Below this mean, inversion (a few uniforms' worth of work); from it on, PTRS.
inline constexpr double POISSON_INVERSION_LIMIT = 10.0;

// A Poisson(mean) count, mean ≥ 0 and finite; 0 for a mean of 0.
std::int64_t sample_poisson(double mean, RandomStream& stream);

}  // namespace resim
