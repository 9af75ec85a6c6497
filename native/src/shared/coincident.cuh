// Nodes at exactly the same point feel no force from each other (no direction), so before the tree is
// built the later of two coincident neighbours in Morton order is nudged by a tiny deterministic offset,
// as the CPU backend does (CpuBackend::separateCoincident, a sequential pass). The GPU gets the same result
// in parallel from a scan: see coincidentAnchor.
#pragma once
#include <cmath>

#include "shared/hd.cuh"

namespace forcelab {

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

/** Whether node b's nudge changes its position at all in float (where its coordinates dwarf the offset,
 *  x + offset == x and the "moved" node stays put). */
FL_HD bool nudgeChanges(std::uint32_t b, const float* pos, int dims, float nudge) {
  float ox, oy, oz;
  coincidentOffset(b, dims, nudge, ox, oy, oz);
  const float x = pos[3 * b], y = pos[3 * b + 1], z = pos[3 * b + 2];
  return x + ox != x || y + oy != y || z + oz != z;
}

/**
 * The CPU's pass walks sorted positions k = 1..n-1 and moves node order[k] when its key equals the previous
 * key, it is not pinned, and its position equals the previous node's position as the pass left it. With
 * eligible(k) = same key, same original position as k-1, not pinned, that is
 *   moved(k) = eligible(k) && !(moved(k-1) && nudgeChanges(order[k-1])).
 * Some k decide moved(k) without looking back, the anchors: !eligible(k) (stays) and eligible(k) with a
 * predecessor whose nudge changes nothing (moves). Between anchors moved alternates, so the nearest anchor
 * at or before k (a max-scan of anchor indices) and the parity of the distance to it decide k.
 * Returns -1 when k is not an anchor, else whether the node at k moves (0 or 1). k = 0 is an anchor.
 */
FL_HD int coincidentAnchor(std::int32_t k, const std::uint64_t* keys, const std::uint32_t* order, const float* pos,
                           const std::uint8_t* pinned, int dims, float nudge) {
  if (k == 0 || keys[k] != keys[k - 1]) return 0;
  const std::uint32_t a = order[k - 1], b = order[k];
  const bool samePoint = pos[3 * a] == pos[3 * b] && pos[3 * a + 1] == pos[3 * b + 1] && pos[3 * a + 2] == pos[3 * b + 2];
  if (!samePoint || (pinned && pinned[b])) return 0;
  return nudgeChanges(a, pos, dims, nudge) ? -1 : 1;
}

/**
 * Where the node at sorted position k ends up after the sequential pass, given `anchor`, the nearest
 * anchor at or before k (returns false when it does not move).
 */
FL_HD bool coincidentNudge(std::int32_t k, std::int32_t anchor, const std::uint64_t* keys, const std::uint32_t* order,
                           const float* pos, const std::uint8_t* pinned, int dims, float nudge, float* out) {
  const int value = coincidentAnchor(anchor, keys, order, pos, pinned, dims, nudge);
  const bool moved = (value == 1) != (((k - anchor) & 1) == 1);
  const std::uint32_t b = order[k];
  out[0] = pos[3 * b];
  out[1] = pos[3 * b + 1];
  out[2] = pos[3 * b + 2];
  if (!moved) return false;
  float ox, oy, oz;
  coincidentOffset(b, dims, nudge, ox, oy, oz);
  out[0] += ox;
  out[1] += oy;
  out[2] += oz;
  return true;
}

}  // namespace forcelab
