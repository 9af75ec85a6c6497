// Label propagation round kernel (shared/label_propagation.cuh), one thread per node, grid-stride.
#include "kernels.cuh"
#include "shared/label_propagation.cuh"

namespace forcelab {
namespace {

__global__ void labelRoundKernel(std::int32_t n, const std::uint32_t* labelsIn, std::uint32_t* labelsOut,
                                 const std::uint32_t* offsets, const std::uint32_t* targets, const float* weights,
                                 std::uint32_t round, std::uint32_t* changed) {
  std::uint32_t local = 0;
  const std::uint64_t salt = roundSalt(round);
  for (std::int64_t i = blockIdx.x * (std::int64_t)blockDim.x + threadIdx.x; i < n;
       i += (std::int64_t)gridDim.x * blockDim.x) {
    const std::uint32_t node = static_cast<std::uint32_t>(i);
    const std::uint32_t label =
        updatesInRound(node, round) ? propagatedLabel(node, labelsIn, offsets, targets, weights, salt) : labelsIn[i];
    labelsOut[i] = label;
    local += label != labelsIn[i] ? 1u : 0u;
  }
  if (local) atomicAdd(changed, local);
}

}  // namespace

void launchLabelRound(LaunchContext& ctx, std::int32_t n, const std::uint32_t* labelsIn, std::uint32_t* labelsOut,
                      const std::uint32_t* offsets, const std::uint32_t* targets, const float* weights,
                      std::uint32_t round, std::uint32_t* changed) {
  CUDA_CHECK(cudaMemsetAsync(changed, 0, sizeof(std::uint32_t), ctx.stream));
  const LaunchShape s = launchShape(ctx, labelRoundKernel, "labelRoundKernel", n);
  FL_LAUNCH(labelRoundKernel, s.blocks, s.threads, ctx.stream)(n, labelsIn, labelsOut, offsets, targets, weights,
                                                           round, changed);
  CUDA_CHECK_LAUNCH("labelRoundKernel");
}

}  // namespace forcelab
