// Force phase kernels: Barnes-Hut repulsion, springs + gravity, integration. All grid-stride.
#include "kernels.cuh"
#include "shared/node_heat.cuh"

namespace forcelab {
namespace {

// Thread k handles the k-th node in Morton order: the nodes of one group sit in neighbouring
// threads and take the same path through the tree (the test is against the group's box).
__global__ void repulsionKernel(TreeView tree, const std::uint32_t* sortedIds, const std::int32_t* groupOf,
                                const Box* groupBox, float strength, float eps2, Force* forces, float* potential,
                                std::int32_t begin, std::int32_t end) {
  for (std::int64_t k = begin + blockIdx.x * (std::int64_t)blockDim.x + threadIdx.x; k < end;
       k += (std::int64_t)gridDim.x * blockDim.x) {
    const std::int32_t self = static_cast<std::int32_t>(k);
    const MassPoint p = tree.mass[leafNode(self, tree.n)];
    const std::int32_t group = groupOf[k];
    const RepulsionSum r = repulsionOnNode(tree, self, p.x, p.y, p.z, groupBox[group], strength, eps2);
    const std::uint32_t body = sortedIds[k];
    forces[body] = r.force;
    potential[body] = 0.5f * strength * r.potential;  // each pair is seen from both ends
  }
}

__global__ void springsAndGravityKernel(std::int32_t n, int dims, const float* pos, const std::uint32_t* offsets,
                                        const std::uint32_t* targets, const float* weights, float strength,
                                        float restLength, float gravity, Force* forces, float* weightSum,
                                        float* potential) {
  for (std::int64_t i = blockIdx.x * (std::int64_t)blockDim.x + threadIdx.x; i < n;
       i += (std::int64_t)gridDim.x * blockDim.x) {
    const std::uint32_t node = static_cast<std::uint32_t>(i);
    const SpringSum s = springsOf(node, pos, offsets, targets, weights, strength, restLength);
    Force f = forces[i];
    f.x += s.force.x;
    f.y += s.force.y;
    f.z += s.force.z;
    const float px = pos[3 * i], py = pos[3 * i + 1], pz = pos[3 * i + 2];
    addGravity(f, px, py, pz, gravity);
    if (dims != 3) f.z = 0.0f;
    forces[i] = f;
    weightSum[i] = s.weightSum;
    potential[i] += s.potential + gravityPotential(px, py, pz, gravity);
  }
}

__global__ void integrateKernel(std::int32_t n, const Force* forces, const float* weightSum, const float* posIn,
                                float* posOut, float* vel, const std::uint8_t* pinned, IntegrateParams params,
                                float* kinetic, float* heat) {
  for (std::int64_t i = blockIdx.x * (std::int64_t)blockDim.x + threadIdx.x; i < n;
       i += (std::int64_t)gridDim.x * blockDim.x) {
    const std::uint32_t node = static_cast<std::uint32_t>(i);
    const bool isPinned = pinned != nullptr && pinned[i] != 0;
    IntegrateParams p = params;
    if (heat != nullptr) {
      p.maxStep = heatedMaxStep(params.maxStep, params.heatMaxVelocity, heat[i]);
      heat[i] *= kHeatDecay;
    }
    kinetic[i] = integrateNode(node, forces[i], weightSum[i], posIn, posOut, vel, isPinned, p);
  }
}

}  // namespace

void launchRepulsion(LaunchContext& ctx, const TreeView& tree, const std::uint32_t* sortedIds,
                     const std::int32_t* groupOf, const Box* groupBox, float strength, float eps2, Force* forces,
                     float* potential, std::int32_t begin, std::int32_t end) {
  if (end <= begin) return;
  const LaunchShape s = launchShape(ctx, repulsionKernel, "repulsionKernel", end - begin);
  FL_LAUNCH(repulsionKernel, s.blocks, s.threads, ctx.stream)(tree, sortedIds, groupOf, groupBox, strength, eps2, forces,
                                                          potential, begin, end);
  CUDA_CHECK_LAUNCH("repulsionKernel");
}

void launchSpringsAndGravity(LaunchContext& ctx, std::int32_t n, int dims, const float* pos, const std::uint32_t* offsets,
                             const std::uint32_t* targets, const float* weights, float strength, float restLength,
                             float gravity, Force* forces, float* weightSum, float* potential) {
  const LaunchShape s = launchShape(ctx, springsAndGravityKernel, "springsAndGravityKernel", n);
  FL_LAUNCH(springsAndGravityKernel, s.blocks, s.threads, ctx.stream)(n, dims, pos, offsets, targets, weights, strength,
                                                                  restLength, gravity, forces, weightSum, potential);
  CUDA_CHECK_LAUNCH("springsAndGravityKernel");
}

void launchIntegrate(LaunchContext& ctx, std::int32_t n, const Force* forces, const float* weightSum,
                     const float* posIn, float* posOut, float* vel, const std::uint8_t* pinned,
                     const IntegrateParams& params, float* kinetic, float* heat) {
  const LaunchShape s = launchShape(ctx, integrateKernel, "integrateKernel", n);
  FL_LAUNCH(integrateKernel, s.blocks, s.threads, ctx.stream)(n, forces, weightSum, posIn, posOut, vel, pinned, params,
                                                          kinetic, heat);
  CUDA_CHECK_LAUNCH("integrateKernel");
}

}  // namespace forcelab
