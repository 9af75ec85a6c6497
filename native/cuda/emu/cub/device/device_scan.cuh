// The CUDA emulator's cub::DeviceScan::InclusiveScan (see ../../cuda_runtime.h): CUB's two-call protocol,
// run in order on the stream.
#pragma once
#include <vector>

#include "../../cuda_runtime.h"

namespace cub {

struct DeviceScan {
  template <class In, class Out, class Op, class NumItems>
  static cudaError_t InclusiveScan(void* temp, std::size_t& bytes, In in, Out out, Op op, NumItems n,
                                   cudaStream_t stream = nullptr) {
    const std::size_t needed = 256;
    if (forcelab_emu::answerSizeQuery(temp, bytes, needed)) return cudaSuccess;
    if (bytes < needed || n < 0) return cudaErrorInvalidValue;
    const std::size_t count = std::size_t(n);
    forcelab_emu::enqueue(stream, [=]() {
      if (count == 0) return;
      auto acc = in[0];
      out[0] = acc;
      for (std::size_t i = 1; i < count; ++i) out[i] = acc = op(acc, in[i]);
    });
    return cudaSuccess;
  }
};

}  // namespace cub
