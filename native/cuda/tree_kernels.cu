// Tree phase kernels: root cube, Morton keys, radix tree build, bottom-up summaries.
#include <cub/block/block_reduce.cuh>

#include "shared/coincident.cuh"
#include "kernels.cuh"

namespace forcelab {
namespace {

constexpr int kBoundsThreads = 256;  // fixed: cub::BlockReduce needs the block size at compile time

struct MinMax6 {
  float v[6];  // min x, y, z, then -max x, y, z (so one min-reduction does both)
};

struct MinMax6Op {
  __device__ MinMax6 operator()(const MinMax6& a, const MinMax6& b) const {
    MinMax6 r;
    for (int k = 0; k < 6; ++k) r.v[k] = fminf(a.v[k], b.v[k]);
    return r;
  }
};

__device__ MinMax6 emptyMinMax() {
  MinMax6 r;
  for (int k = 0; k < 6; ++k) r.v[k] = 3.0e38f;
  return r;
}

__global__ void __launch_bounds__(kBoundsThreads) boundsPartialKernel(const float* pos, std::int32_t n,
                                                                      float* partials) {
  MinMax6 local = emptyMinMax();
  for (std::int64_t i = blockIdx.x * (std::int64_t)blockDim.x + threadIdx.x; i < n;
       i += (std::int64_t)gridDim.x * blockDim.x) {
    for (int a = 0; a < 3; ++a) {
      const float c = pos[3 * i + a];
      local.v[a] = fminf(local.v[a], c);
      local.v[3 + a] = fminf(local.v[3 + a], -c);
    }
  }
  using Reduce = cub::BlockReduce<MinMax6, kBoundsThreads>;
  __shared__ typename Reduce::TempStorage temp;
  const MinMax6 block = Reduce(temp).Reduce(local, MinMax6Op());
  if (threadIdx.x == 0) {
    for (int k = 0; k < 6; ++k) partials[6 * blockIdx.x + k] = block.v[k];
  }
}

__global__ void __launch_bounds__(kBoundsThreads) boundsFinalKernel(const float* partials, int count, int dims,
                                                                    MortonFrame* frame) {
  MinMax6 local = emptyMinMax();
  for (int b = threadIdx.x; b < count; b += blockDim.x) {
    for (int k = 0; k < 6; ++k) local.v[k] = fminf(local.v[k], partials[6 * b + k]);
  }
  using Reduce = cub::BlockReduce<MinMax6, kBoundsThreads>;
  __shared__ typename Reduce::TempStorage temp;
  const MinMax6 all = Reduce(temp).Reduce(local, MinMax6Op());
  if (threadIdx.x == 0) {
    const float lo[3] = {all.v[0], all.v[1], all.v[2]};
    const float hi[3] = {-all.v[3], -all.v[4], -all.v[5]};
    *frame = mortonFrame(lo, hi, dims);
  }
}

__global__ void mortonKernel(const float* pos, std::int32_t n, int dims, const MortonFrame* framePtr,
                             std::uint64_t* keys, std::uint32_t* ids) {
  const MortonFrame frame = *framePtr;
  for (std::int64_t i = blockIdx.x * (std::int64_t)blockDim.x + threadIdx.x; i < n;
       i += (std::int64_t)gridDim.x * blockDim.x) {
    keys[i] = mortonKey(pos[3 * i], pos[3 * i + 1], pos[3 * i + 2], frame, dims);
    ids[i] = static_cast<std::uint32_t>(i);
  }
}

// Marks every anchor of the coincident pass (coincident.cuh) with its own index, others with 0; a max-scan
// then gives every position its nearest anchor.
__global__ void coincidentAnchorKernel(std::int32_t n, int dims, const std::uint64_t* keys, const std::uint32_t* ids,
                                       const float* pos, const std::uint8_t* pinned, float nudge, std::int32_t* marks) {
  for (std::int64_t k = blockIdx.x * (std::int64_t)blockDim.x + threadIdx.x; k < n;
       k += (std::int64_t)gridDim.x * blockDim.x) {
    const std::int32_t i = static_cast<std::int32_t>(k);
    marks[k] = coincidentAnchor(i, keys, ids, pos, pinned, dims, nudge) >= 0 ? i : 0;
  }
}

__global__ void coincidentKernel(std::int32_t n, int dims, const std::uint64_t* keys, const std::uint32_t* ids,
                                 const float* pos, const std::uint8_t* pinned, float nudge,
                                 const std::int32_t* anchors, float4* moved) {
  for (std::int64_t k = blockIdx.x * (std::int64_t)blockDim.x + threadIdx.x; k < n;
       k += (std::int64_t)gridDim.x * blockDim.x) {
    float p[3];
    const bool m = coincidentNudge(static_cast<std::int32_t>(k), anchors[k], keys, ids, pos, pinned, dims, nudge, p);
    moved[k] = make_float4(p[0], p[1], p[2], m ? 1.0f : 0.0f);
  }
}

// Applied after every node has read the original positions.
__global__ void applyCoincidentKernel(std::int32_t n, const std::uint32_t* ids, const float4* moved, float* pos) {
  for (std::int64_t k = blockIdx.x * (std::int64_t)blockDim.x + threadIdx.x; k < n;
       k += (std::int64_t)gridDim.x * blockDim.x) {
    const float4 m = moved[k];
    if (m.w == 0.0f) continue;
    const std::uint32_t b = ids[k];
    pos[3 * b] = m.x;
    pos[3 * b + 1] = m.y;
    pos[3 * b + 2] = m.z;
  }
}

__global__ void buildTreeKernel(const std::uint64_t* keys, std::int32_t n, TreeChildren* children,
                                std::int32_t* parent, std::uint8_t* prefix, TreeRange* range) {
  for (std::int64_t i = blockIdx.x * (std::int64_t)blockDim.x + threadIdx.x; i < n - 1;
       i += (std::int64_t)gridDim.x * blockDim.x) {
    buildInternalNode(keys, n, static_cast<std::int32_t>(i), children, parent, prefix, range);
  }
}

// Summaries written by another thread (another SM) are read around L1, which is not coherent.
__device__ MassPoint loadMassCoherent(const MassPoint* p) {
  const float4 v = __ldcg(reinterpret_cast<const float4*>(p));
  return MassPoint{v.x, v.y, v.z, v.w};
}

__device__ Box loadBoxCoherent(const Box* b) {
  const float* f = reinterpret_cast<const float*>(b);
  return Box{__ldcg(f), __ldcg(f + 1), __ldcg(f + 2), __ldcg(f + 3), __ldcg(f + 4), __ldcg(f + 5)};
}

__device__ Box childBox(std::int32_t child, std::int32_t n, const MassPoint& childMass, const Box* boxes) {
  return isLeafNode(child, n) ? pointBox(childMass) : loadBoxCoherent(&boxes[child]);
}

__global__ void classifyKernel(std::int32_t n, const std::int32_t* parent, const std::uint8_t* prefix,
                               const TreeRange* range, int dims, std::uint8_t* flags) {
  for (std::int64_t i = blockIdx.x * (std::int64_t)blockDim.x + threadIdx.x; i < 2 * (std::int64_t)n - 1;
       i += (std::int64_t)gridDim.x * blockDim.x) {
    flags[i] = octreeFlags(static_cast<std::int32_t>(i), n, parent, prefix, range, dims);
  }
}

// Groups partition the sorted nodes; each cell that forms groups writes its own ranges.
__global__ void groupsKernel(std::int32_t n, const TreeChildren* children, const TreeRange* range,
                             const std::uint8_t* flags, const MassPoint* mass, const Box* boxes, std::int32_t* groupOf,
                             Box* groupBox) {
  for (std::int64_t i = blockIdx.x * (std::int64_t)blockDim.x + threadIdx.x; i < 2 * (std::int64_t)n - 1;
       i += (std::int64_t)gridDim.x * blockDim.x) {
    const std::int32_t node = static_cast<std::int32_t>(i);
    const std::uint8_t f = flags[node];
    if (f & kGroupParent) packGroups(node, n, children, range, flags, mass, boxes, groupOf, groupBox);
    if (f & kOwnGroup) ownGroup(node, n, range, mass, boxes, groupOf, groupBox);
  }
}

// Karras' bottom-up pass: one thread per leaf climbs; at each internal node the first arriving
// child stops and the second (both summaries now written) computes the node and climbs on.
__global__ void summariseKernel(const float* pos, const std::uint32_t* sortedIds, std::int32_t n,
                                const TreeChildren* children, const std::int32_t* parent, std::uint32_t* visits,
                                MassPoint* mass, Box* boxes, float* rcrit2, float invTheta) {
  for (std::int64_t k = blockIdx.x * (std::int64_t)blockDim.x + threadIdx.x; k < n;
       k += (std::int64_t)gridDim.x * blockDim.x) {
    std::int32_t node = leafNode(static_cast<std::int32_t>(k), n);
    const MassPoint leaf = leafMass(pos, sortedIds[k]);
    mass[node] = leaf;
    rcrit2[node] = openingRadius2(pointBox(leaf), leaf, invTheta);
    __threadfence();
    std::int32_t up = parent[node];
    while (up >= 0) {
      if (atomicAdd(&visits[up], 1u) == 0) break;  // the sibling subtree is not finished yet
      __threadfence();  // acquire: the sibling's summary, published before its atomicAdd, is read after ours
      const TreeChildren c = children[up];
      const MassPoint a = loadMassCoherent(&mass[c.left]);
      const MassPoint b = loadMassCoherent(&mass[c.right]);
      const MassPoint m = combineMass(a, b);
      const Box box = mergeBoxes(childBox(c.left, n, a, boxes), childBox(c.right, n, b, boxes));
      mass[up] = m;
      boxes[up] = box;
      rcrit2[up] = openingRadius2(box, m, invTheta);
      __threadfence();
      up = parent[up];
    }
  }
}

}  // namespace

void launchMortonFrame(LaunchContext& ctx, const float* pos, std::int32_t n, int dims, float* partials,
                       MortonFrame* frame) {
  LaunchShape shape = launchShape(ctx, boundsPartialKernel, "boundsPartialKernel", n);
  // The block size is fixed by the block reduction; the sizing switch still picks the grid.
  const std::int64_t blocks = ctx.occupancySizing ? (static_cast<std::int64_t>(shape.blocks) * shape.threads +
                                                     kBoundsThreads - 1) / kBoundsThreads
                                                  : shape.blocks;
  const int grid = static_cast<int>(std::max<std::int64_t>(1, std::min<std::int64_t>(blocks, kBoundsMaxBlocks)));
  FL_LAUNCH(boundsPartialKernel, grid, kBoundsThreads, ctx.stream)(pos, n, partials);
  CUDA_CHECK_LAUNCH("boundsPartialKernel");
  FL_LAUNCH(boundsFinalKernel, 1, kBoundsThreads, ctx.stream)(partials, grid, dims, frame);
  CUDA_CHECK_LAUNCH("boundsFinalKernel");
  ctx.blocksLaunched += 1;
}

void launchMortonKeys(LaunchContext& ctx, const float* pos, std::int32_t n, int dims, const MortonFrame* frame,
                      std::uint64_t* keys, std::uint32_t* ids) {
  const LaunchShape s = launchShape(ctx, mortonKernel, "mortonKernel", n);
  FL_LAUNCH(mortonKernel, s.blocks, s.threads, ctx.stream)(pos, n, dims, frame, keys, ids);
  CUDA_CHECK_LAUNCH("mortonKernel");
}

void launchSeparateCoincident(LaunchContext& ctx, DevicePool& pool, std::int32_t n, int dims,
                              const std::uint64_t* sortedKeys, const std::uint32_t* sortedIds, float* pos,
                              const std::uint8_t* pinned, float nudge, float4* moved) {
  std::int32_t* marks = pool.get<std::int32_t>("cuda.coincident.marks", n);
  std::int32_t* anchors = pool.get<std::int32_t>("cuda.coincident.anchors", n);
  const LaunchShape m = launchShape(ctx, coincidentAnchorKernel, "coincidentAnchorKernel", n);
  FL_LAUNCH(coincidentAnchorKernel, m.blocks, m.threads, ctx.stream)(n, dims, sortedKeys, sortedIds, pos, pinned, nudge,
                                                                     marks);
  CUDA_CHECK_LAUNCH("coincidentAnchorKernel");
  maxScan(ctx, pool, marks, anchors, n);
  const LaunchShape s = launchShape(ctx, coincidentKernel, "coincidentKernel", n);
  FL_LAUNCH(coincidentKernel, s.blocks, s.threads, ctx.stream)(n, dims, sortedKeys, sortedIds, pos, pinned, nudge,
                                                               anchors, moved);
  CUDA_CHECK_LAUNCH("coincidentKernel");
  const LaunchShape a = launchShape(ctx, applyCoincidentKernel, "applyCoincidentKernel", n);
  FL_LAUNCH(applyCoincidentKernel, a.blocks, a.threads, ctx.stream)(n, sortedIds, moved, pos);
  CUDA_CHECK_LAUNCH("applyCoincidentKernel");
}

void launchBuildTree(LaunchContext& ctx, const std::uint64_t* sortedKeys, std::int32_t n, int dims,
                     TreeChildren* children, std::int32_t* parent, std::uint8_t* prefix, TreeRange* range,
                     std::uint8_t* flags) {
  CUDA_CHECK(cudaMemsetAsync(parent + rootNode(), 0xff, sizeof(std::int32_t), ctx.stream));  // root: -1
  if (n >= 2) {
    const LaunchShape s = launchShape(ctx, buildTreeKernel, "buildTreeKernel", n - 1);
    FL_LAUNCH(buildTreeKernel, s.blocks, s.threads, ctx.stream)(sortedKeys, n, children, parent, prefix, range);
    CUDA_CHECK_LAUNCH("buildTreeKernel");
  }
  const LaunchShape c = launchShape(ctx, classifyKernel, "classifyKernel", 2 * static_cast<std::int64_t>(n) - 1);
  FL_LAUNCH(classifyKernel, c.blocks, c.threads, ctx.stream)(n, parent, prefix, range, dims, flags);
  CUDA_CHECK_LAUNCH("classifyKernel");
}

void launchSummarise(LaunchContext& ctx, const float* pos, const std::uint32_t* sortedIds, std::int32_t n,
                     const TreeChildren* children, const std::int32_t* parent, std::uint32_t* visits,
                     const TreeRange* range, const std::uint8_t* flags, MassPoint* mass, Box* boxes, float* rcrit2,
                     float theta, std::int32_t* groupOf, Box* groupBox) {
  const float invTheta = inverseTheta(theta);
  if (n > 1) CUDA_CHECK(cudaMemsetAsync(visits, 0, sizeof(std::uint32_t) * (n - 1), ctx.stream));
  const LaunchShape s = launchShape(ctx, summariseKernel, "summariseKernel", n);
  FL_LAUNCH(summariseKernel, s.blocks, s.threads, ctx.stream)(pos, sortedIds, n, children, parent, visits, mass, boxes,
                                                          rcrit2, invTheta);
  CUDA_CHECK_LAUNCH("summariseKernel");
  const LaunchShape g = launchShape(ctx, groupsKernel, "groupsKernel", 2 * static_cast<std::int64_t>(n) - 1);
  FL_LAUNCH(groupsKernel, g.blocks, g.threads, ctx.stream)(n, children, range, flags, mass, boxes, groupOf, groupBox);
  CUDA_CHECK_LAUNCH("groupsKernel");
}

}  // namespace forcelab
