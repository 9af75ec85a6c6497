// Local warming after a topology change (Backend::applyGraphDelta): a node's heat raises its own step
// limit above the cooled global one and decays faster than the global temperature, so new nodes and their
// neighbours find their place while the rest of the layout stays as cool as it was. Both backends include it.
#pragma once
#include <cstdint>

#include "shared/hd.cuh"

namespace forcelab {

constexpr float kHeatDecay = 0.95f;     // per step; the global cooling is 0.99 by default, so heat fades first
constexpr std::uint32_t kHeatSteps = 135;  // 0.95^135 < 1e-3: after this many steps heat is dropped

/** The step limit of a node with this heat: its own heat scale or the global limit, whichever is larger. */
FL_HD float heatedMaxStep(float maxStep, float maxVelocity, float heat) { return maxf(maxStep, maxVelocity * heat); }

}  // namespace forcelab
