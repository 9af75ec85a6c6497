// deviceMemory on CUDA: the shared BufferPool over device memory (cpu/device_memory.h is the CPU side).
#pragma once

#include "device_buffer.cuh"
#include "shared/device_memory.h"

namespace forcelab {

using DevicePool = BufferPool<DeviceBuffer<unsigned char>>;

}  // namespace forcelab
