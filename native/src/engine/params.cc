#include "engine/params.h"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace forcelab {
namespace {

struct ParamSpec {
  const char* name;
  float LayoutParams::*field;
  double lo, hi;
};

// Keep in step with protocol/switches.ts PARAM_BOUNDS (a native test compares them).
const ParamSpec kParams[] = {
    {"theta", &LayoutParams::theta, 0, 2},
    {"repulsion", &LayoutParams::repulsion, 0, 1e6},
    {"springStrength", &LayoutParams::springStrength, 0, 1e3},
    {"springLength", &LayoutParams::springLength, 1e-6, 1e6},
    {"gravity", &LayoutParams::gravity, 0, 1e3},
    {"damping", &LayoutParams::damping, 0, 1},
    {"maxVelocity", &LayoutParams::maxVelocity, 1e-6, 1e6},
    {"cooling", &LayoutParams::cooling, 0.5, 1},
    {"stabilityThreshold", &LayoutParams::stabilityThreshold, 0, 1e3},
    {"timeStep", &LayoutParams::timeStep, 1e-6, 100},
};

const char* const kParamNames[] = {"dimensions", "theta", "repulsion", "springStrength", "springLength", "gravity",
                                   "damping", "maxVelocity", "cooling", "stabilityThreshold", "timeStep"};

struct SwitchSpec {
  const char* name;
  bool EngineSwitches::*field;
};
const SwitchSpec kSwitches[] = {
#define FORCELAB_SWITCH(id) {#id, &EngineSwitches::id},
#include "switch_table.def"
};
constexpr size_t kSwitchCount = sizeof(kSwitches) / sizeof(kSwitches[0]);

std::string show(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

}  // namespace

void assignParam(LayoutParams& params, const std::string& name, double value) {
  if (name == "dimensions") {
    if (value != 2 && value != 3) throw std::invalid_argument("layout parameter 'dimensions' must be 2 or 3, got " + show(value));
    params.dimensions = int(value);
    return;
  }
  for (const ParamSpec& p : kParams) {
    if (name != p.name) continue;
    if (!std::isfinite(value) || value < p.lo || value > p.hi)
      throw std::invalid_argument("layout parameter '" + name + "' must be a number in [" + show(p.lo) + ", " +
                                  show(p.hi) + "], got " + show(value));
    params.*p.field = float(value);
    return;
  }
  throw std::invalid_argument("unknown layout parameter '" + name + "'");
}

double readParam(const LayoutParams& params, const std::string& name) {
  if (name == "dimensions") return params.dimensions;
  for (const ParamSpec& p : kParams)
    if (name == p.name) return params.*p.field;
  throw std::invalid_argument("unknown layout parameter '" + name + "'");
}

const char* const* paramNames(size_t* count) {
  *count = sizeof(kParamNames) / sizeof(kParamNames[0]);
  return kParamNames;
}

void assignSwitch(EngineSwitches& switches, const std::string& name, bool on) {
  for (const SwitchSpec& s : kSwitches)
    if (name == s.name) {
      switches.*s.field = on;
      return;
    }
  throw std::invalid_argument("unknown engine switch '" + name + "'");
}

bool readSwitch(const EngineSwitches& switches, const std::string& name) {
  for (const SwitchSpec& s : kSwitches)
    if (name == s.name) return switches.*s.field;
  throw std::invalid_argument("unknown engine switch '" + name + "'");
}

size_t switchCount() { return kSwitchCount; }
const char* switchName(size_t index) { return kSwitches[index].name; }

}  // namespace forcelab
