// FL_LAUNCH(kernel, blocks, threads, stream)(args...): the one place that spells a kernel launch, so the
// CUDA emulator (native/cuda/emu) can run the same launches on the CPU.
#pragma once
#include <cuda_runtime.h>

#if defined(FORCELAB_CUDA_EMULATION)
#define FL_LAUNCH(kernel, blocks, threads, stream) ::forcelab_emu::launcher(kernel, #kernel, blocks, threads, stream)
#else
#define FL_LAUNCH(kernel, blocks, threads, stream) kernel<<<(blocks), (threads), 0, (stream)>>>
#endif
