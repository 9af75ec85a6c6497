// Phase 2: a linear octree (quadtree in 2D) built from Morton-sorted nodes. Nodes are stored in depth-first
// order with a `next` index (the node after the subtree), so traversal needs no stack: open a cell by
// moving to i + 1, skip it by moving to next. Every internal cell has at least two children (levels where
// all codes agree are skipped), so there are at most 2n - 1 cells.
#pragma once

#include <cstdint>

#include "cpu/device_memory.h"
#include "shared/tree_sizes.h"

namespace forcelab {

struct TreeNode {
  float cx, cy, cz, mass;  // centre of mass, number of nodes
  float rcrit2;            // approximate the cell when the squared distance to a group exceeds this
  uint32_t next;           // index after this subtree
  uint32_t begin;          // first sorted body (leaves)
  uint32_t leafCount;      // bodies in a leaf; 0 for internal cells
};

/** A group: the largest subtree with at most kGroupSize bodies. Repulsion is computed per group: one tree
 *  walk serves all its bodies (contiguous in sorted order). */
struct Group {
  uint32_t begin, count;
  float lo[3], hi[3];  // tight box of its bodies
};

struct Octree {
  TreeNode* nodes = nullptr;
  uint32_t nodeCount = 0;
  Group* groups = nullptr;
  uint32_t groupCount = 0;
};

/** Builds the tree over sorted bodies sx/sy/sz with sorted codes. theta 0 makes every rcrit2 infinite. */
Octree buildOctree(HostPool& scratch, const uint64_t* codes, const float* sx, const float* sy, const float* sz,
                   uint32_t n, int dims, float theta);

}  // namespace forcelab
