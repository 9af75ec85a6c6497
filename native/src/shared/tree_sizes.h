// The tree's leaf and group sizes, the same on both backends: the CPU octree (cpu/octree.h) and the CUDA
// radix tree (cuda/radix_tree.cuh) cut leaves and groups at these sizes, so both sum the same pairs exactly.
#pragma once

#include <cstdint>

namespace forcelab {

constexpr uint32_t kLeafSize = 16;
constexpr uint32_t kGroupSize = 64;

}  // namespace forcelab
