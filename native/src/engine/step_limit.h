// The step limit the engine hands a backend: maxVelocity * temperature, widened early in a run by the
// layout's own extent. A fixed clamp in layout units cannot untangle a wide start (a 2D random start
// spreads n nodes over ~sqrt(n) units, so an edge may span hundreds of units while a node moves at most
// a few per step); a clamp proportional to the extent can, and the widening fades as temperature^8 so
// the end of the cooling schedule is the same small, absolute clamp (the layout still settles).
#pragma once

#include <cstdint>

namespace forcelab {

/** Fraction of the layout's rms radius a node may move in one step at temperature 1. */
constexpr float kExtentStepFraction = 1.0f;
/** The widening scales with temperature^kExtentDecayPower. */
constexpr int kExtentDecayPower = 8;
/** Below this temperature^kExtentDecayPower the widening is dropped (and the extent no longer measured). */
constexpr float kExtentCutoff = 1e-3f;
/** Steps between measurements of the extent while it matters (it changes slowly). */
constexpr uint32_t kExtentRefreshSteps = 4;

/** temperature^kExtentDecayPower, or 0 once it is below kExtentCutoff. */
float extentWeight(float temperature);

/** Root mean square distance of the nodes (xyz per node) from their centroid; 0 for no nodes. */
float rmsRadius(const float* xyz, uint32_t n);

/** The maxVelocity to give a backend so its clamp maxVelocity' * temperature equals
 *  maxVelocity * temperature + kExtentStepFraction * rms * extentWeight(temperature). */
float widenedMaxVelocity(float maxVelocity, float temperature, float rms);

}  // namespace forcelab
