// The summary for people, printed after a run.
#pragma once

#include <ostream>

#include "sim/results.h"

namespace resim {

struct SummaryOptions {
  int top_causes = 10;  // causes listed one by one; the rest are summed in one row
};

void print_summary(std::ostream& out, const Results& results, const SummaryOptions& options = {});

// A count for people: 113, 12,345, 20.0 million (never 1.998e+07).
std::string format_quantity(double value);

// Pads to a width in characters, not bytes: labels hold UTF-8 such as '≥' and '–'.
std::string padded(std::string text, std::size_t width);

// printf of one number, for report columns.
std::string format_number(const char* format, double value);

// "99.9712%": as many decimals as the availability has leading nines, plus two.
std::string format_availability(double availability);

}  // namespace resim
