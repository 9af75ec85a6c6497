#include <algorithm>
#include <cmath>
#include <limits>

#include "backend.h"
#include "cpu/octree.h"

namespace forcelab {
namespace {

struct Summary {
  double cx = 0, cy = 0, cz = 0, m = 0;  // mass-weighted sums
  float lo[3], hi[3];
};

struct Builder {
  const uint64_t* codes;
  const float *x, *y, *z;
  int dims;
  float invTheta;  // 0 when theta == 0 (never approximate)
  Octree* tree;

  void finish(uint32_t idx, const Summary& s) {
    TreeNode& nd = tree->nodes[idx];
    nd.mass = float(s.m);
    nd.cx = float(s.cx / s.m);
    nd.cy = float(s.cy / s.m);
    nd.cz = float(s.cz / s.m);
    float width = 0, delta2 = 0;
    const float com[3] = {nd.cx, nd.cy, nd.cz};
    for (int d = 0; d < 3; ++d) {
      width = std::max(width, s.hi[d] - s.lo[d]);
      float off = com[d] - 0.5f * (s.lo[d] + s.hi[d]);
      delta2 += off * off;
    }
    if (invTheta == 0) {
      nd.rcrit2 = std::numeric_limits<float>::infinity();
    } else {
      float r = width * invTheta + std::sqrt(delta2);
      nd.rcrit2 = r * r;
    }
    nd.next = tree->nodeCount;
  }

  // Groups: a run of consecutive sibling subtrees (contiguous bodies, neighbouring cells) of at most
  // kGroupSize bodies together, so groups stay near full even where cells split into small children.
  Group pending_{};
  bool hasPending_ = false;

  void flushGroup() {
    if (hasPending_) tree->groups[tree->groupCount++] = pending_;
    hasPending_ = false;
  }

  void addToGroup(uint32_t begin, uint32_t end, const Summary& s) {
    if (hasPending_ && pending_.count + (end - begin) > kGroupSize) flushGroup();
    if (!hasPending_) {
      pending_.begin = begin;
      pending_.count = 0;
      for (int d = 0; d < 3; ++d) {
        pending_.lo[d] = s.lo[d];
        pending_.hi[d] = s.hi[d];
      }
      hasPending_ = true;
    }
    pending_.count += end - begin;
    for (int d = 0; d < 3; ++d) {
      pending_.lo[d] = std::min(pending_.lo[d], s.lo[d]);
      pending_.hi[d] = std::max(pending_.hi[d], s.hi[d]);
    }
  }

  Summary build(uint32_t begin, uint32_t end, bool inGroup) {
    uint32_t idx = tree->nodeCount++;
    Summary s;
    for (int d = 0; d < 3; ++d) {
      s.lo[d] = std::numeric_limits<float>::max();
      s.hi[d] = -std::numeric_limits<float>::max();
    }
    uint64_t diff = codes[begin] ^ codes[end - 1];
    if (end - begin <= kLeafSize || diff == 0) {
      TreeNode& nd = tree->nodes[idx];
      nd.begin = begin;
      nd.leafCount = end - begin;
      for (uint32_t k = begin; k < end; ++k) {
        const float p[3] = {x[k], y[k], z[k]};
        s.cx += p[0];
        s.cy += p[1];
        s.cz += p[2];
        for (int d = 0; d < 3; ++d) {
          s.lo[d] = std::min(s.lo[d], p[d]);
          s.hi[d] = std::max(s.hi[d], p[d]);
        }
      }
      s.m = end - begin;
      finish(idx, s);
      if (!inGroup) {  // more than kGroupSize bodies at one point: a group of its own
        flushGroup();
        addToGroup(begin, end, s);
        flushGroup();
      }
      return s;
    }
    tree->nodes[idx].begin = begin;
    tree->nodes[idx].leafCount = 0;
    // Split at the first level where the range's codes differ: children are runs of equal prefixes.
    int highBit = 63 - __builtin_clzll(diff);
    int shift = highBit - highBit % dims;
    uint32_t b = begin;
    while (b < end) {
      uint64_t key = codes[b] >> shift;
      uint32_t e = static_cast<uint32_t>(
          std::upper_bound(codes + b, codes + end, key, [shift](uint64_t k, uint64_t c) { return k < (c >> shift); }) -
          codes);
      const bool smallChild = !inGroup && e - b <= kGroupSize;
      if (!inGroup && !smallChild) flushGroup();
      Summary c = build(b, e, inGroup || smallChild);
      if (smallChild) addToGroup(b, e, c);
      s.cx += c.cx;
      s.cy += c.cy;
      s.cz += c.cz;
      s.m += c.m;
      for (int d = 0; d < 3; ++d) {
        s.lo[d] = std::min(s.lo[d], c.lo[d]);
        s.hi[d] = std::max(s.hi[d], c.hi[d]);
      }
      b = e;
    }
    if (!inGroup) flushGroup();  // groups never span two parents
    finish(idx, s);
    return s;
  }
};

}  // namespace

Octree buildOctree(HostPool& scratch, const uint64_t* codes, const float* sx, const float* sy, const float* sz,
                   uint32_t n, int dims, float theta) {
  Octree tree;
  if (n == 0) return tree;
  tree.nodes = scratch.get<TreeNode>("tree.nodes", size_t(2) * n);
  tree.groups = scratch.get<Group>("tree.groups", n);
  float t = std::min(theta, kMaxTheta);
  Builder builder{codes, sx, sy, sz, dims, t > 0 ? 1.0f / t : 0.0f, &tree};
  if (n <= kGroupSize) {
    Summary s = builder.build(0, n, true);
    builder.addToGroup(0, n, s);
    builder.flushGroup();
  } else {
    builder.build(0, n, false);
  }
  return tree;
}

}  // namespace forcelab
