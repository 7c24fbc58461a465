// The summary for people, printed after a run.
#pragma once

#include <ostream>

#include "sim/results.h"

namespace resim {

void print_summary(std::ostream& out, const Results& results);

// printf of one number, for report columns.
std::string format_number(const char* format, double value);

// "99.9712%": as many decimals as the availability has leading nines, plus two.
std::string format_availability(double availability);

}  // namespace resim
