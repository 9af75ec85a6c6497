// Deterministic starting positions: nodes without a position are spread over a ball (3D, Fibonacci
// directions with radius ~ cbrt) or a disc (2D, sunflower with radius ~ sqrt), sized so the repulsion and
// gravity of the layout are roughly balanced from the first step, and jittered from the seed.
#pragma once

#include <cstdint>

#include "backend.h"

namespace forcelab {

/** The radius of the ball (disc) seedPositions spreads n nodes over. */
double seedRadius(uint32_t n, const LayoutParams& params);

/** out: 3 floats per node. given: nullptr or 3 floats per node where NaN means "no position". */
void seedPositions(uint32_t n, const LayoutParams& params, uint64_t seed, const float* given, float* out);

}  // namespace forcelab
