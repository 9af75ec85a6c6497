// The linear tree. Step 1: a binary radix tree over the Morton-sorted keys (Karras 2012,
// "Maximizing Parallelism in the Construction of BVHs, Octrees, and k-d Trees"): every internal node
// is built on its own from the sorted keys, so the GPU builds all of them in one parallel pass.
// Step 2: the octree the CPU backend builds (native/src/cpu/octree_build.cc) is read off that binary
// tree: a binary node is an octree cell when an octree level boundary falls between its parent's
// common prefix and its own; leaves and groups follow the CPU's size rules (octreeFlags). Both
// backends thus use the same cells, leaves and groups, and so the same approximation.
//
// Node numbering (shared by every array indexed by node): internal nodes 0..n-2 (0 is the root),
// leaf k (the k-th node in sorted order) is n-1+k. With one node the root is leaf 0, i.e. node 0.
#pragma once
#include "shared/tree_sizes.h"  // the CPU tree's leaf and group sizes
#include "shared/hd.cuh"
#include "shared/morton.cuh"

namespace forcelab {

/** Children of one internal node, as node numbers (see the numbering above). */
struct TreeChildren {
  std::int32_t left, right;
};

/** Sorted positions first..last (inclusive) under an internal node. */
struct TreeRange {
  std::int32_t first, last;
};

FL_HD std::int32_t leafNode(std::int32_t sortedIndex, std::int32_t n) { return n - 1 + sortedIndex; }
FL_HD bool isLeafNode(std::int32_t node, std::int32_t n) { return node >= n - 1; }
FL_HD std::int32_t rootNode() { return 0; }

/** Prefix length given to leaves: deeper than any key bit, so a leaf is always below every boundary. */
constexpr int kLeafPrefix = 255;

/**
 * Length of the common prefix of sorted keys i and j; -1 when j is outside 0..n-1. Equal keys
 * are made distinct by their index (64 + common bits of i and j), so duplicates still give a tree.
 */
FL_HD int keyPrefix(const std::uint64_t* keys, std::int32_t n, std::int32_t i, std::int32_t j) {
  if (j < 0 || j >= n) return -1;
  const std::uint64_t a = keys[i], b = keys[j];
  if (a == b) return 64 + clz32(static_cast<std::uint32_t>(i) ^ static_cast<std::uint32_t>(j));
  return clz64(a ^ b);
}

/**
 * Builds internal node i (0 <= i < n-1): its children, their parent links, its common prefix and
 * its range. Independent of every other internal node. The root's parent (-1) is set by the caller.
 */
FL_HD void buildInternalNode(const std::uint64_t* keys, std::int32_t n, std::int32_t i, TreeChildren* children,
                             std::int32_t* parent, std::uint8_t* prefix, TreeRange* range) {
  const int dNext = keyPrefix(keys, n, i, i + 1);
  const int dPrev = keyPrefix(keys, n, i, i - 1);
  const std::int32_t d = dNext > dPrev ? 1 : -1;
  const int dMin = d > 0 ? dPrev : dNext;

  // Upper bound for the length of the range, then binary search for its other end.
  std::int32_t lMax = 2;
  while (keyPrefix(keys, n, i, i + lMax * d) > dMin) lMax *= 2;
  std::int32_t l = 0;
  for (std::int32_t t = lMax / 2; t >= 1; t /= 2) {
    if (keyPrefix(keys, n, i, i + (l + t) * d) > dMin) l += t;
  }
  const std::int32_t j = i + l * d;
  const int dNode = keyPrefix(keys, n, i, j);

  // Binary search for the split: the last key sharing more than dNode bits with key i.
  std::int32_t s = 0;
  std::int32_t t = l;
  do {
    t = (t + 1) / 2;
    if (keyPrefix(keys, n, i, i + (s + t) * d) > dNode) s += t;
  } while (t > 1);
  const std::int32_t gamma = i + s * d + (d < 0 ? -1 : 0);

  const std::int32_t first = i < j ? i : j;
  const std::int32_t last = i < j ? j : i;
  const std::int32_t left = first == gamma ? leafNode(gamma, n) : gamma;
  const std::int32_t right = last == gamma + 1 ? leafNode(gamma + 1, n) : gamma + 1;
  children[i].left = left;
  children[i].right = right;
  parent[left] = i;
  parent[right] = i;
  prefix[i] = static_cast<std::uint8_t>(dNode);
  range[i].first = first;
  range[i].last = last;
}

// ---- The octree read off the binary tree -------------------------------------------------------

FL_HD int nodePrefix(std::int32_t node, std::int32_t n, const std::uint8_t* prefix) {
  return isLeafNode(node, n) ? kLeafPrefix : prefix[node];
}

FL_HD std::int32_t nodeSize(std::int32_t node, std::int32_t n, const TreeRange* range) {
  return isLeafNode(node, n) ? 1 : range[node].last - range[node].first + 1;
}

FL_HD std::int32_t nodeFirst(std::int32_t node, std::int32_t n, const TreeRange* range) {
  return isLeafNode(node, n) ? node - (n - 1) : range[node].first;
}

/**
 * Is `node` an octree cell? Cells hold all keys sharing the top (unused + dims * level) bits for
 * some level 0..21; that is a binary node whose own prefix reaches a boundary its parent's does not.
 */
FL_HD bool isOctreeCell(std::int32_t node, std::int32_t n, const std::int32_t* parent, const std::uint8_t* prefix,
                        int dims) {
  const std::int32_t up = parent[node];
  if (up < 0) return true;  // the root cell holds everything
  const int parentPrefix = prefix[up];
  const int unused = mortonUnusedTopBits(dims);
  // Smallest level whose boundary lies beyond the parent's prefix.
  int level = parentPrefix < unused ? 0 : (parentPrefix - unused) / dims + 1;
  if (level > kMortonAxisBits) return false;  // parent's keys are already all equal
  return unused + dims * level <= nodePrefix(node, n, prefix);
}

/** A cell the CPU would not split further (a leaf): few enough nodes, or all keys equal. */
FL_HD bool isLeafSized(std::int32_t node, std::int32_t n, const std::uint8_t* prefix, const TreeRange* range) {
  return nodeSize(node, n, range) <= static_cast<std::int32_t>(kLeafSize) || nodePrefix(node, n, prefix) >= 64;
}

/**
 * Flags of a binary node in the octree:
 *   kCell        - an octree cell;
 *   kLeaf        - a cell the CPU does not split: the topmost cell on its path with <= kLeafSize nodes or
 *                  all keys equal; its nodes are summed one by one when it is not far enough;
 *   kGroupParent - a split cell with more than kGroupSize nodes: its children with <= kGroupSize nodes are
 *                  packed, in order, into groups of <= kGroupSize nodes (packGroups, barnes_hut.cuh);
 *   kOwnGroup    - a cell that is a group by itself: the root of a graph of <= kGroupSize nodes, or a leaf
 *                  of more than kGroupSize nodes on one grid point.
 * Cells inside a leaf are not in the CPU's tree and get kCell only (the traversal never reaches them).
 */
enum : std::uint8_t { kCell = 1, kLeaf = 2, kGroupParent = 4, kOwnGroup = 8 };

FL_HD std::uint8_t octreeFlags(std::int32_t node, std::int32_t n, const std::int32_t* parent,
                               const std::uint8_t* prefix, const TreeRange* range, int dims) {
  if (!isOctreeCell(node, n, parent, prefix, dims)) return 0;
  // The nearest enclosing cell decides "topmost": enclosing cells only grow and their prefixes only
  // shrink towards the root, so if it is not a leaf, no cell further up is.
  std::int32_t enclosing = -1;
  for (std::int32_t up = parent[node]; up >= 0; up = parent[up]) {
    if (isOctreeCell(up, n, parent, prefix, dims)) {
      enclosing = up;
      break;
    }
  }
  if (enclosing >= 0 && isLeafSized(enclosing, n, prefix, range)) return kCell;
  const bool leaf = isLeafSized(node, n, prefix, range);
  const std::int32_t size = nodeSize(node, n, range);
  const bool big = size > static_cast<std::int32_t>(kGroupSize);
  std::uint8_t flags = kCell;
  if (leaf) flags |= kLeaf;
  if (big && !leaf) flags |= kGroupParent;
  if ((big && leaf) || (enclosing < 0 && !big)) flags |= kOwnGroup;
  return flags;
}

/** Centre of mass and mass of a tree node: the summary Barnes-Hut replaces a far cell with. */
struct alignas(16) MassPoint {
  float x, y, z, m;
};

/** A parent's summary from its two children: mass-weighted mean of their centres. */
FL_HD MassPoint combineMass(const MassPoint& a, const MassPoint& b) {
  MassPoint r;
  r.m = a.m + b.m;
  const float inv = 1.0f / r.m;  // masses are node counts, never 0
  r.x = (a.x * a.m + b.x * b.m) * inv;
  r.y = (a.y * a.m + b.y * b.m) * inv;
  r.z = (a.z * a.m + b.z * b.m) * inv;
  return r;
}

/** Deepest possible tree: 64 key bits plus 32 bits of index tie-break, plus the leaf level. */
constexpr int kMaxTreeDepth = 98;

}  // namespace forcelab
