// Graph delta kernels (CudaBackend::applyGraphDelta): the swap-remove moves and the local warming, so the
// positions of the nodes a delta keeps never leave the device. Grid-stride.
#include "kernels.cuh"

namespace forcelab {
namespace {

__global__ void moveNodesKernel(std::int32_t count, const std::uint32_t* to, const std::uint32_t* from, float* pos,
                                float* vel, float* heat) {
  for (std::int64_t k = blockIdx.x * (std::int64_t)blockDim.x + threadIdx.x; k < count;
       k += (std::int64_t)gridDim.x * blockDim.x) {
    const std::size_t d = to[k], s = from[k];
    for (int a = 0; a < 3; ++a) {
      pos[3 * d + a] = pos[3 * s + a];
      vel[3 * d + a] = vel[3 * s + a];
    }
    heat[d] = heat[s];
  }
}

__global__ void warmNodesKernel(std::int32_t count, const std::uint32_t* nodes, const float* values, float* heat) {
  for (std::int64_t k = blockIdx.x * (std::int64_t)blockDim.x + threadIdx.x; k < count;
       k += (std::int64_t)gridDim.x * blockDim.x) {
    const std::uint32_t i = nodes[k];
    heat[i] = heat[i] > values[k] ? heat[i] : values[k];
  }
}

}  // namespace

void launchMoveNodes(LaunchContext& ctx, std::int32_t count, const std::uint32_t* to, const std::uint32_t* from,
                     float* pos, float* vel, float* heat) {
  if (count <= 0) return;
  const LaunchShape s = launchShape(ctx, moveNodesKernel, "moveNodesKernel", count);
  FL_LAUNCH(moveNodesKernel, s.blocks, s.threads, ctx.stream)(count, to, from, pos, vel, heat);
  CUDA_CHECK_LAUNCH("moveNodesKernel");
}

void launchWarmNodes(LaunchContext& ctx, std::int32_t count, const std::uint32_t* nodes, const float* values,
                     float* heat) {
  if (count <= 0) return;
  const LaunchShape s = launchShape(ctx, warmNodesKernel, "warmNodesKernel", count);
  FL_LAUNCH(warmNodesKernel, s.blocks, s.threads, ctx.stream)(count, nodes, values, heat);
  CUDA_CHECK_LAUNCH("warmNodesKernel");
}

}  // namespace forcelab
