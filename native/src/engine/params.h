// Layout parameter names and bounds (mirror protocol/switches.ts PARAM_BOUNDS) and validation that names
// the offending parameter.
#pragma once

#include <string>

#include "backend.h"

namespace forcelab {

/** Sets one parameter by its protocol name; throws std::invalid_argument naming it when the name is
 *  unknown or the value is NaN, infinite or outside its bounds. */
void assignParam(LayoutParams& params, const std::string& name, double value);

/** Reads one parameter by name (for getParams). */
double readParam(const LayoutParams& params, const std::string& name);

/** The parameter names in protocol order. */
const char* const* paramNames(size_t* count);

/** Sets one engine switch by its protocol name; throws std::invalid_argument for unknown names. */
void assignSwitch(EngineSwitches& switches, const std::string& name, bool on);
bool readSwitch(const EngineSwitches& switches, const std::string& name);
/** The engine switches in switch_table.def order. */
size_t switchCount();
const char* switchName(size_t index);

}  // namespace forcelab
