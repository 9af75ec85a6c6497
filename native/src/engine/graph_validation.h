// What setGraph accepts: a CSR that every backend can index without checks, and optional start positions.
// Checked on the JS thread before anything is replaced, so a bad graph leaves the old one running.
#pragma once

#include <cstddef>
#include <cstdint>

namespace forcelab {

/** Throws std::invalid_argument naming the first thing wrong (offsets, targets, weights, positions). */
void validateGraph(uint32_t nodeCount, const uint32_t* offsets, size_t offsetsLength, const uint32_t* targets,
                   size_t targetsLength, const float* weights, size_t weightsLength, const float* positions,
                   size_t positionsLength);

/** setPositions: 3 finite numbers per node. */
void validatePositions(uint32_t nodeCount, const float* xyz, size_t length);

}  // namespace forcelab
