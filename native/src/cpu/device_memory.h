// deviceMemory on the CPU: the shared BufferPool over aligned host memory (cuda/device_memory.cuh is the
// CUDA side).
#pragma once

#include "memory_tracker.h"
#include "shared/device_memory.h"

namespace forcelab {

using HostPool = BufferPool<HostBuffer<unsigned char>>;

}  // namespace forcelab
