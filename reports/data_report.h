// The datasets' part of the reports: restores, RTO and RPO per kind, data lost for good.
#pragma once

#include <nlohmann/json.hpp>

#include <ostream>

#include "sim/results.h"

namespace resim {

// A loud line per dataset that lost data for good; printed right under the headline figures.
void print_data_loss_banner(std::ostream& out, const Results& results);
// The table of datasets and their targets.
void print_datasets(std::ostream& out, const Results& results);

nlohmann::json datasets_to_json(const Results& results);

}  // namespace resim
