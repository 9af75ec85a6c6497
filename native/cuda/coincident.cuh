// Nodes at exactly the same point feel no force from each other (no direction), so before the tree is
// built the later of two coincident neighbours in Morton order is nudged by a tiny deterministic offset,
// as the CPU backend does (CpuBackend::separateCoincident, a sequential pass). Here the sequential rule
// is replayed per node over its run of equal keys, which gives the same result in parallel.
#pragma once
#include <cmath>

#include "hd.cuh"

namespace forcelab {

/**
 * Longest run of equal keys replayed exactly. Past it (over a thousand nodes on one point, which only
 * setPositions can produce: seeded starts are spread) the replay starts late and nudges fewer nodes per
 * step than the CPU, which nudges every other node of the run: such a blob takes more steps to come apart
 * on the device, and CPU/CUDA parity holds only for shorter runs.
 */
constexpr std::int32_t kMaxCoincidentRun = 1024;

/** The offset the CPU backend gives node b (length `nudge`; in the xy plane in 2D). */
FL_HD void coincidentOffset(std::uint32_t b, int dims, float nudge, float& ox, float& oy, float& oz) {
  const std::uint32_t h = b * 2654435761u;
  const float angle = static_cast<float>(h % 6283) * 1e-3f;
  const float c = dims == 3 ? static_cast<float>((h >> 13) % 2001) * 1e-3f - 1.0f : 0.0f;
  const float s = std::sqrt(1 - c * c);
  ox = nudge * s * std::cos(angle);
  oy = nudge * s * std::sin(angle);
  oz = nudge * c;
}

/**
 * Where the node at sorted position k ends up after the sequential pass (returns false when it is not
 * moved). The pass walks k = 1..n-1 and moves node order[k] when its key equals the previous key, its
 * position equals the previous node's (possibly just moved) position, and it is not pinned.
 */
FL_HD bool coincidentNudge(std::int32_t k, const std::uint64_t* keys, const std::uint32_t* order, const float* pos,
                           const std::uint8_t* pinned, int dims, float nudge, float* out) {
  if (k == 0 || keys[k] != keys[k - 1]) return false;
  std::int32_t start = k - 1;
  while (start > 0 && keys[start - 1] == keys[k] && k - start < kMaxCoincidentRun) --start;
  std::uint32_t a = order[start];
  float prev[3] = {pos[3 * a], pos[3 * a + 1], pos[3 * a + 2]};
  bool moved = false;
  for (std::int32_t j = start + 1; j <= k; ++j) {
    const std::uint32_t b = order[j];
    float cur[3] = {pos[3 * b], pos[3 * b + 1], pos[3 * b + 2]};
    moved = cur[0] == prev[0] && cur[1] == prev[1] && cur[2] == prev[2] && !(pinned && pinned[b]);
    if (moved) {
      float ox, oy, oz;
      coincidentOffset(b, dims, nudge, ox, oy, oz);
      cur[0] += ox;
      cur[1] += oy;
      cur[2] += oz;
    }
    prev[0] = cur[0];
    prev[1] = cur[1];
    prev[2] = cur[2];
  }
  out[0] = prev[0];
  out[1] = prev[1];
  out[2] = prev[2];
  return moved;
}

}  // namespace forcelab
