// Morton (Z-order) keys exactly as the CPU backend computes them (native/src/cpu/morton_order.cc), so
// both backends sort the nodes identically and build the same octree: 21 bits per axis, x in bit 0,
// y in bit 1 (z in bit 2), one cube for all axes from the bounding box of the used axes.
#pragma once
#include "shared/hd.cuh"

namespace forcelab {

constexpr int kMortonAxisBits = 21;
constexpr std::uint32_t kMortonMaxCell = (1u << kMortonAxisBits) - 1;

/** Key bits above the code that are always zero: 1 in 3D (63-bit codes), 22 in 2D (42-bit codes). */
FL_HD int mortonUnusedTopBits(int dims) { return 64 - kMortonAxisBits * dims; }

/** Spreads the low 21 bits of v so there are two zero bits between each. */
FL_HD std::uint64_t spreadBits3(std::uint64_t v) {
  v &= 0x1fffffull;
  v = (v | v << 32) & 0x1f00000000ffffull;
  v = (v | v << 16) & 0x1f0000ff0000ffull;
  v = (v | v << 8) & 0x100f00f00f00f00full;
  v = (v | v << 4) & 0x10c30c30c30c30c3ull;
  v = (v | v << 2) & 0x1249249249249249ull;
  return v;
}

/** Spreads the low 21 bits of v so there is one zero bit between each. */
FL_HD std::uint64_t spreadBits2(std::uint64_t v) {
  v &= 0x1fffffull;
  v = (v | v << 16) & 0x0000ffff0000ffffull;
  v = (v | v << 8) & 0x00ff00ff00ff00ffull;
  v = (v | v << 4) & 0x0f0f0f0f0f0f0f0full;
  v = (v | v << 2) & 0x3333333333333333ull;
  v = (v | v << 1) & 0x5555555555555555ull;
  return v;
}

/** The quantisation grid: lower corner and cells per unit length (0 when every node is on one point). */
struct MortonFrame {
  float lo0, lo1, lo2;
  float scale;
};

/** The grid from the bounding box (lo/hi per axis); only the first `dims` axes count. */
FL_HD MortonFrame mortonFrame(const float* lo, const float* hi, int dims) {
  float extent = 0.0f;
  for (int d = 0; d < dims; ++d) extent = maxf(extent, hi[d] - lo[d]);
  MortonFrame f;
  f.scale = extent > 0.0f ? static_cast<float>(kMortonMaxCell) / extent : 0.0f;
  f.lo0 = lo[0];
  f.lo1 = lo[1];
  f.lo2 = dims == 3 ? lo[2] : 0.0f;
  return f;
}

FL_HD std::uint32_t quantiseAxis(float v, float lo, float scale) {
  const float t = (v - lo) * scale;
  if (!(t > 0.0f)) return 0;  // at the corner (and NaN, which never reaches a backend)
  const std::uint32_t q = static_cast<std::uint32_t>(t);
  return q < kMortonMaxCell ? q : kMortonMaxCell;
}

FL_HD std::uint64_t mortonKey(float x, float y, float z, const MortonFrame& f, int dims) {
  const std::uint64_t qx = quantiseAxis(x, f.lo0, f.scale);
  const std::uint64_t qy = quantiseAxis(y, f.lo1, f.scale);
  if (dims == 3) {
    const std::uint64_t qz = quantiseAxis(z, f.lo2, f.scale);
    return spreadBits3(qx) | spreadBits3(qy) << 1 | spreadBits3(qz) << 2;
  }
  return spreadBits2(qx) | spreadBits2(qy) << 1;
}

}  // namespace forcelab
