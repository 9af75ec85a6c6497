// The CUDA emulator's cub::DeviceReduce::Sum (see ../../cuda_runtime.h): CUB's two-call protocol, run in
// order on the stream. Sums pairwise, as a tree reduction does, so float rounding resembles the device's.
#pragma once
#include <vector>

#include "../../cuda_runtime.h"

namespace cub {

struct DeviceReduce {
  template <class In, class Out, class NumItems>
  static cudaError_t Sum(void* temp, std::size_t& bytes, In in, Out out, NumItems n, cudaStream_t stream = nullptr) {
    const std::size_t needed = 512;
    if (forcelab_emu::answerSizeQuery(temp, bytes, needed)) return cudaSuccess;
    if (bytes < needed || n < 0) return cudaErrorInvalidValue;
    const std::size_t count = std::size_t(n);
    forcelab_emu::enqueue(stream, [=]() {
      using T = std::decay_t<decltype(in[0])>;
      std::vector<T> level(in, in + count);
      if (level.empty()) level.push_back(T(0));
      while (level.size() > 1) {
        std::vector<T> next((level.size() + 1) / 2);
        for (std::size_t i = 0; i < next.size(); ++i) {
          next[i] = 2 * i + 1 < level.size() ? level[2 * i] + level[2 * i + 1] : level[2 * i];
        }
        level.swap(next);
      }
      *out = level[0];
    });
    return cudaSuccess;
  }
};

}  // namespace cub
