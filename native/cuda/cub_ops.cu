// The CUB device-wide primitives the step uses: the Morton radix sort, the coincident pass's max-scan and
// float sums (energies).
#include <cub/device/device_radix_sort.cuh>
#include <cub/device/device_reduce.cuh>
#include <cub/device/device_scan.cuh>

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

namespace {
struct MaxOp {  // a functor of our own: CUB's Max moved between CCCL versions
  __device__ __host__ std::int32_t operator()(std::int32_t a, std::int32_t b) const { return a > b ? a : b; }
};
}  // namespace

void maxScan(LaunchContext& ctx, DevicePool& pool, const std::int32_t* in, std::int32_t* out, std::int32_t n) {
  size_t bytes = 0;
  CUDA_CHECK(cub::DeviceScan::InclusiveScan(nullptr, bytes, in, out, MaxOp(), n, ctx.stream));
  void* temp = pool.get<unsigned char>("cuda.scanScratch", bytes);
  CUDA_CHECK(cub::DeviceScan::InclusiveScan(temp, bytes, in, out, MaxOp(), n, ctx.stream));
}

void sumFloats(LaunchContext& ctx, DevicePool& pool, const char* name, const float* in, std::int32_t n, float* out) {
  size_t bytes = 0;
  CUDA_CHECK(cub::DeviceReduce::Sum(nullptr, bytes, in, out, n, ctx.stream));
  void* temp = pool.get<unsigned char>(std::string("cuda.sumScratch.") + name, bytes);
  CUDA_CHECK(cub::DeviceReduce::Sum(temp, bytes, in, out, n, ctx.stream));
}

}  // namespace forcelab
