// The two CUB device-wide primitives the step uses: the Morton radix sort and float sums (energies).
#include <cub/device/device_radix_sort.cuh>
#include <cub/device/device_reduce.cuh>

#include <string>

#include "kernels.cuh"

namespace forcelab {

void sortByKey(LaunchContext& ctx, DevicePool& pool, const std::uint64_t* keysIn, std::uint64_t* keysOut,
               const std::uint32_t* idsIn, std::uint32_t* idsOut, std::int32_t n, int endBit) {
  size_t bytes = 0;
  CUDA_CHECK(cub::DeviceRadixSort::SortPairs(nullptr, bytes, keysIn, keysOut, idsIn, idsOut, n, 0, endBit,
                                             ctx.stream));
  void* temp = pool.get<unsigned char>("cuda.sortScratch", bytes);
  CUDA_CHECK(cub::DeviceRadixSort::SortPairs(temp, bytes, keysIn, keysOut, idsIn, idsOut, n, 0, endBit,
                                             ctx.stream));
}

void sumFloats(LaunchContext& ctx, DevicePool& pool, const char* name, const float* in, std::int32_t n, float* out) {
  size_t bytes = 0;
  CUDA_CHECK(cub::DeviceReduce::Sum(nullptr, bytes, in, out, n, ctx.stream));
  void* temp = pool.get<unsigned char>(std::string("cuda.sumScratch.") + name, bytes);
  CUDA_CHECK(cub::DeviceReduce::Sum(temp, bytes, in, out, n, ctx.stream));
}

}  // namespace forcelab
