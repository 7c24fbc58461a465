// The scenario `resim run` uses when given none, embedded at build time from scenarios/.
#pragma once

namespace resim {

extern const char* const DEFAULT_SCENARIO_NAME;
extern const char* const DEFAULT_SCENARIO_JSON;

}  // namespace resim
