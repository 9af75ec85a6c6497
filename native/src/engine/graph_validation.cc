#include "engine/graph_validation.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace forcelab {

void validateGraph(uint32_t n, const uint32_t* offsets, size_t offsetsLength, const uint32_t* targets,
                   size_t targetsLength, const float* weights, size_t weightsLength, const float* positions,
                   size_t positionsLength) {
  if (offsetsLength != size_t(n) + 1)
    throw std::invalid_argument("graph offsets must have nodeCount + 1 = " + std::to_string(size_t(n) + 1) +
                                " entries, got " + std::to_string(offsetsLength));
  if (offsets[0] != 0) throw std::invalid_argument("graph offsets[0] must be 0, got " + std::to_string(offsets[0]));
  for (uint32_t i = 0; i < n; ++i)
    if (offsets[i + 1] < offsets[i])
      throw std::invalid_argument("graph offsets must not decrease: offsets[" + std::to_string(i + 1) + "] = " +
                                  std::to_string(offsets[i + 1]) + " < offsets[" + std::to_string(i) + "] = " +
                                  std::to_string(offsets[i]));
  if (offsets[n] != targetsLength)
    throw std::invalid_argument("graph offsets[nodeCount] = " + std::to_string(offsets[n]) + " but targets has " +
                                std::to_string(targetsLength) + " entries");
  for (uint32_t i = 0; i < n; ++i)
    for (uint32_t k = offsets[i]; k < offsets[i + 1]; ++k)
      if (targets[k] >= n)
        throw std::invalid_argument("graph targets[" + std::to_string(k) + "] = " + std::to_string(targets[k]) +
                                    " (an edge of node " + std::to_string(i) + ") is not a node id: nodeCount is " +
                                    std::to_string(n));
  if (weights) {
    if (weightsLength != targetsLength)
      throw std::invalid_argument("graph weights must have one entry per target (" + std::to_string(targetsLength) +
                                  "), got " + std::to_string(weightsLength));
    for (size_t k = 0; k < weightsLength; ++k)
      if (!std::isfinite(weights[k]) || weights[k] < 0)
        throw std::invalid_argument("graph weights[" + std::to_string(k) + "] must be a finite number >= 0, got " +
                                    std::to_string(weights[k]));
  }
  if (positions) {
    if (positionsLength != size_t(3) * n)
      throw std::invalid_argument("positions must have 3 numbers per node (" + std::to_string(size_t(3) * n) +
                                  "), got " + std::to_string(positionsLength));
    for (size_t k = 0; k < positionsLength; ++k)
      if (std::isinf(positions[k])) throw std::invalid_argument("positions[" + std::to_string(k) + "] is infinite");
  }
}

void validatePositions(uint32_t n, const float* xyz, size_t length) {
  if (length != size_t(3) * n)
    throw std::invalid_argument("positions must have 3 numbers per node (" + std::to_string(size_t(3) * n) +
                                "), got " + std::to_string(length));
  for (size_t k = 0; k < length; ++k)
    if (!std::isfinite(xyz[k])) throw std::invalid_argument("positions[" + std::to_string(k) + "] is not finite");
}

}  // namespace forcelab
