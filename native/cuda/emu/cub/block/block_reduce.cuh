// The CUDA emulator's cub::BlockReduce (see ../../cuda_runtime.h). As in CUB, every thread of the block
// must call Reduce and only thread 0's result is defined: the emulator runs thread 0 of a block last, so
// it folds in every other thread's value. It also checks CUB's rules: the block size the type was made for,
// and every thread taking part.
#pragma once
#include <cstdio>
#include <cstdlib>

#include "../../cuda_runtime.h"

namespace cub {

template <class T, int BlockDimX>
class BlockReduce {
 public:
  struct TempStorage {
    std::uint64_t launch = 0;
    unsigned block = ~0u;
    unsigned arrived = 0;
    T acc;
  };

  explicit BlockReduce(TempStorage& temp) : temp_(temp) {}

  template <class Op>
  T Reduce(const T& value, Op op) {
    if (blockDim.x != static_cast<unsigned>(BlockDimX)) fail("launched with a block size other than the type's");
    const std::uint64_t launch = forcelab_emu::currentLaunch();
    if (temp_.launch != launch || temp_.block != blockIdx.x) {
      temp_.launch = launch;
      temp_.block = blockIdx.x;
      temp_.arrived = 0;
      temp_.acc = value;
    } else {
      temp_.acc = op(temp_.acc, value);
    }
    ++temp_.arrived;
    if (threadIdx.x == 0 && temp_.arrived != blockDim.x) fail("not every thread of the block called Reduce");
    return temp_.acc;
  }

 private:
  [[noreturn]] static void fail(const char* why) {
    std::fprintf(stderr, "CUDA emulator: cub::BlockReduce %s\n", why);
    std::abort();  // on a GPU this is undefined behaviour; here it must not pass silently
  }
  TempStorage& temp_;
};

}  // namespace cub
