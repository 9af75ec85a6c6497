// Phase 4: springs along CSR edges, gravity, and the integration step (damping, temperature-scaled velocity
// clamp, pinned nodes), fused into one pass per node. Reads positions from one buffer set and writes the
// next set, so neighbours are always read at the same time point. With a snapshot pointer the new
// positions are also written interleaved (xyz per node) for the reader: the overlapped copy.
#pragma once

#include <cstdint>

#include "backend.h"
#include "cpu/thread_pool.h"
#include "cpu/launch_sizing.h"

namespace forcelab {

/** Per-thread sums, one cache line each. */
struct alignas(64) Partial {
  double kinetic = 0, spring = 0, gravity = 0;
};

struct IntegrateInput {
  uint32_t n = 0;
  const float *x, *y, *z;           // current positions
  const float* xyzw;                // the same, 4 floats per node (neighbour reads touch one cache line)
  float *nx, *ny, *nz;              // next positions (written)
  float* nxyzw;                     // next positions, 4 floats per node (written)
  float *vx, *vy, *vz;              // velocities (updated in place)
  const uint8_t* pinned;            // n entries
  const float* forces;              // repulsion, xyz per node
  const uint32_t *offsets, *targets;
  const float* weights;             // nullptr = 1
  float* snapshot = nullptr;        // optional interleaved output
  float* heat = nullptr;            // per-node heat (shared/node_heat.cuh), decayed in place; nullptr = none
  float heatMaxVelocity = 0;        // the maxVelocity heat scales
  Partial* partials = nullptr;      // one per pool thread (scratch)
};

struct IntegrateResult {
  double kinetic = 0;       // sum |v|^2 after the update
  double springEnergy = 0;  // sum over directed entries of 0.25 ks w (d - L)^2
  double gravityEnergy = 0; // sum 0.5 g |p|^2
};

IntegrateResult integrateStep(ThreadPool& pool, LaunchSizing& sizing, const IntegrateInput& in,
                              const LayoutParams& params, float temperature);

/** The total force (repulsion from in.forces + springs + gravity) per node into fxyz (3 per node). */
void totalForces(ThreadPool& pool, LaunchSizing& sizing, const IntegrateInput& in, const LayoutParams& params,
                 float* fxyz);

}  // namespace forcelab
