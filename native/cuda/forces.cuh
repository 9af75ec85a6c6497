// The force model of native/src/backend.h, one function per force, shared by the CUDA kernels and
// (being plain inline C++ under g++) by the CPU tests. Every node has mass 1.
#pragma once
#include <cmath>

#include "../src/backend.h"
#include "shared/hd.cuh"

namespace forcelab {

struct Force {
  float x, y, z;
};

/** 1/sqrt(r2): the fast hardware reciprocal square root on the GPU, the exact one on the host. */
FL_HD float inverseSqrt(float r2) {
#if defined(__CUDA_ARCH__)
  return rsqrtf(r2);
#else
  return 1.0f / std::sqrt(r2);
#endif
}

/** Softening of the repulsion, eps2 = kSofteningFraction * springLength^2 (backend.h). */
FL_HD float repulsionSoftening(float springLength) { return kSofteningFraction * springLength * springLength; }

/**
 * Repulsion on a node at p from mass m at q (another node, or a cell's centre of mass):
 * strength * m * (p - q) / (|p - q|^2 + eps2)^(3/2). Adds m / sqrt(|p - q|^2 + eps2) to `potential`
 * (the caller scales by strength and halves, as every pair is seen from both ends).
 */
FL_HD void addRepulsion(Force& f, float& potential, float px, float py, float pz, float qx, float qy, float qz,
                        float m, float strength, float eps2) {
  const float dx = px - qx, dy = py - qy, dz = pz - qz;
  const float inv = inverseSqrt(dx * dx + dy * dy + dz * dz + eps2);
  const float mInv = m * inv;
  const float s = strength * mInv * inv * inv;
  f.x += dx * s;
  f.y += dy * s;
  f.z += dz * s;
  potential += mInv;
}

/** What the springs of one CSR row contribute: force, the row's weight sum (step scaling), potential. */
struct SpringSum {
  Force force;
  float weightSum;
  float potential;
};

/**
 * Springs of node i along its CSR row, from node i's point of view only; self-loops are ignored
 * (they neither pull nor count in the weight sum). Positions are xyz per node.
 */
FL_HD SpringSum springsOf(std::uint32_t i, const float* pos, const std::uint32_t* offsets,
                          const std::uint32_t* targets, const float* weights, float strength, float restLength) {
  SpringSum r{{0.0f, 0.0f, 0.0f}, 0.0f, 0.0f};
  const float px = pos[3 * i], py = pos[3 * i + 1], pz = pos[3 * i + 2];
  const std::uint32_t end = offsets[i + 1];
  for (std::uint32_t e = offsets[i]; e < end; ++e) {
    const std::uint32_t j = targets[e];
    if (j == i) continue;
    const float w = weights ? weights[e] : 1.0f;
    r.weightSum += w;
    const float dx = pos[3 * j] - px, dy = pos[3 * j + 1] - py, dz = pos[3 * j + 2] - pz;
    const float d2 = dx * dx + dy * dy + dz * dz;
    const float d = std::sqrt(d2);
    const float stretch = d - restLength;
    r.potential += 0.25f * strength * w * stretch * stretch;
    if (!(d > 0.0f)) continue;  // coincident: no direction to pull along
    const float s = strength * w * stretch / d;
    r.force.x += dx * s;
    r.force.y += dy * s;
    r.force.z += dz * s;
  }
  return r;
}

FL_HD void addGravity(Force& f, float px, float py, float pz, float gravity) {
  f.x -= gravity * px;
  f.y -= gravity * py;
  f.z -= gravity * pz;
}

FL_HD float gravityPotential(float px, float py, float pz, float gravity) {
  return 0.5f * gravity * (px * px + py * py + pz * pz);
}

}  // namespace forcelab
