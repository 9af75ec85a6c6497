// Block and grid sizes for the grid-stride kernels. Switch on: the occupancy API's block size per
// kernel and enough blocks to fill every SM at that occupancy (capped by the work). Switch off: the
// naive fixed 256 threads and n/256 blocks. Every kernel loops grid-stride, so both sizings visit
// every node even when the grid is smaller than the work.
#pragma once
#include <cuda_runtime.h>

#include <algorithm>
#include <cstdint>

#include "cuda_check.cuh"

namespace forcelab {

struct LaunchShape {
  int blocks;
  int threads;
};

/** Fixed sizing: 256 threads, n/256 blocks (at least one). */
inline LaunchShape fixedLaunchShape(std::int64_t work) {
  const std::int64_t blocks = std::max<std::int64_t>(1, work / 256);
  return {static_cast<int>(std::min<std::int64_t>(blocks, 1 << 30)), 256};
}

/** Occupancy sizing for one kernel (cached per kernel by launchShape in kernels.cuh). */
struct OccupancySizing {
  int minGridSize = 0;  // blocks that fill the device at the best block size
  int blockSize = 0;
};

template <typename Kernel>
OccupancySizing queryOccupancy(Kernel kernel, const char* name) {
  OccupancySizing s;
  cudaCheck(cudaOccupancyMaxPotentialBlockSize(&s.minGridSize, &s.blockSize, kernel, 0, 0), name);
  return s;
}

inline LaunchShape occupancyLaunchShape(const OccupancySizing& s, std::int64_t work) {
  const std::int64_t needed = (work + s.blockSize - 1) / s.blockSize;
  const std::int64_t blocks = std::max<std::int64_t>(1, std::min<std::int64_t>(needed, s.minGridSize));
  return {static_cast<int>(blocks), s.blockSize};
}

}  // namespace forcelab
