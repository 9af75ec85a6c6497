// Barnes-Hut over the octree read off the linear tree (radix_tree.cuh), with backend.h's acceptance
// test: a cell with tight box of largest extent `width`, box centre c and centre of mass com acts as
// one body on every node of a group when the squared distance from com to the group's tight box
// exceeds rcrit2 = (width / min(theta, kMaxTheta) + |com - c|)^2. A leaf that is not far enough is
// summed node by node. theta = 0 never approximates: exact all-pairs.
#pragma once
#include "forces.cuh"
#include "radix_tree.cuh"

namespace forcelab {

/** rcrit2 of a cell that nothing is ever far enough from (theta = 0); finite on every compiler. */
constexpr float kNeverFar = 3.0e38f;

struct Box {
  float minX, minY, minZ, maxX, maxY, maxZ;
};

FL_HD Box pointBox(const MassPoint& p) { return Box{p.x, p.y, p.z, p.x, p.y, p.z}; }

FL_HD Box mergeBoxes(const Box& a, const Box& b) {
  return Box{minf(a.minX, b.minX), minf(a.minY, b.minY), minf(a.minZ, b.minZ),
             maxf(a.maxX, b.maxX), maxf(a.maxY, b.maxY), maxf(a.maxZ, b.maxZ)};
}

/** 1 / min(theta, kMaxTheta), or 0 for theta = 0 (never approximate). */
FL_HD float inverseTheta(float theta) {
  const float t = minf(theta, kMaxTheta);
  return t > 0.0f ? 1.0f / t : 0.0f;
}

/** Squared opening radius of a cell (see the header comment). */
FL_HD float openingRadius2(const Box& box, const MassPoint& com, float invTheta) {
  if (invTheta == 0.0f) return kNeverFar;
  const float width = maxf(box.maxX - box.minX, maxf(box.maxY - box.minY, box.maxZ - box.minZ));
  const float ox = com.x - 0.5f * (box.minX + box.maxX);
  const float oy = com.y - 0.5f * (box.minY + box.maxY);
  const float oz = com.z - 0.5f * (box.minZ + box.maxZ);
  const float r = width * invTheta + std::sqrt(ox * ox + oy * oy + oz * oz);
  return r * r;
}

/** Squared distance from point q to a box (0 inside). */
FL_HD float distanceToBox2(const Box& b, float qx, float qy, float qz) {
  const float dx = maxf(maxf(b.minX - qx, qx - b.maxX), 0.0f);
  const float dy = maxf(maxf(b.minY - qy, qy - b.maxY), 0.0f);
  const float dz = maxf(maxf(b.minZ - qz, qz - b.maxZ), 0.0f);
  return dx * dx + dy * dy + dz * dz;
}

/** Leaf summary: node `body` itself (mass 1) at its position (xyz per node). */
FL_HD MassPoint leafMass(const float* pos, std::uint32_t body) {
  MassPoint m;
  m.x = pos[3 * body];
  m.y = pos[3 * body + 1];
  m.z = pos[3 * body + 2];
  m.m = 1.0f;
  return m;
}

/** Box of any node: internal nodes from `boxes`, a leaf is its node's point. */
FL_HD Box nodeBox(std::int32_t node, std::int32_t n, const MassPoint* mass, const Box* boxes) {
  return isLeafNode(node, n) ? pointBox(mass[node]) : boxes[node];
}

/**
 * Groups under a kGroupParent cell, as the CPU builds them (octree_build.cc): its octree children in
 * order; each child of <= kGroupSize nodes joins the pending group (a group that would grow past
 * kGroupSize is closed first), a bigger child closes it. A group is named by its first child (its
 * head): groupOf[k] = head for its sorted positions, groupBox[head] = the union of its children's boxes.
 */
FL_HD void packGroups(std::int32_t cell, std::int32_t n, const TreeChildren* children, const TreeRange* range,
                      const std::uint8_t* flags, const MassPoint* mass, const Box* boxes, std::int32_t* groupOf,
                      Box* groupBox) {
  std::int32_t head = -1, first = 0, count = 0;
  Box box{};
  auto close = [&]() {
    if (head < 0) return;
    groupBox[head] = box;
    for (std::int32_t k = first; k < first + count; ++k) groupOf[k] = head;
    head = -1;
  };
  // Octree children in order: the first cells below `cell` (at most 2^dims, under at most 2^dims - 1
  // binary nodes that are not cells).
  std::int32_t stack[2 * 8 + 2];
  int top = 0;
  stack[top++] = children[cell].right;
  stack[top++] = children[cell].left;
  while (top > 0) {
    const std::int32_t node = stack[--top];
    if (!(flags[node] & kCell) && !isLeafNode(node, n)) {
      if (top + 2 > 2 * 8 + 2) continue;  // never: a cell has at most 2^dims children
      stack[top++] = children[node].right;
      stack[top++] = children[node].left;
      continue;
    }
    const std::int32_t size = nodeSize(node, n, range);
    if (size > static_cast<std::int32_t>(kGroupSize)) {
      close();
      continue;
    }
    if (head >= 0 && count + size > static_cast<std::int32_t>(kGroupSize)) close();
    const Box b = nodeBox(node, n, mass, boxes);
    if (head < 0) {
      head = node;
      first = nodeFirst(node, n, range);
      count = 0;
      box = b;
    }
    count += size;
    box = mergeBoxes(box, b);
  }
  close();
}

/** A cell that is a group by itself (kOwnGroup). */
FL_HD void ownGroup(std::int32_t cell, std::int32_t n, const TreeRange* range, const MassPoint* mass,
                    const Box* boxes, std::int32_t* groupOf, Box* groupBox) {
  groupBox[cell] = nodeBox(cell, n, mass, boxes);
  const std::int32_t first = nodeFirst(cell, n, range);
  for (std::int32_t k = first; k < first + nodeSize(cell, n, range); ++k) groupOf[k] = cell;
}

/** Repulsion on one node and the repulsion potential it sees (unscaled: sum of m / r, self excluded). */
struct RepulsionSum {
  Force force;
  float potential;
};

/** The tree as the traversal reads it; every array is indexed by node number. */
struct TreeView {
  std::int32_t n;
  const TreeChildren* children;  // internal nodes
  const TreeRange* range;        // internal nodes
  const std::uint8_t* flags;     // octreeFlags of every node
  const MassPoint* mass;         // every node; leaf k holds sorted node k
  const float* rcrit2;           // every node (only cells are read)
};

/**
 * Repulsion on the node at sorted position `self` (at p) in group box `groupBox`. Cells are tested
 * against the group's box, so every node of a group takes the same path (coherent on a GPU warp and
 * the CPU backend's interaction lists). The order is fixed: left subtree first.
 */
FL_HD RepulsionSum repulsionOnNode(const TreeView& t, std::int32_t self, float px, float py, float pz,
                                   const Box& groupBox, float strength, float eps2) {
  RepulsionSum r{{0.0f, 0.0f, 0.0f}, 0.0f};
  std::int32_t stack[kMaxTreeDepth + 2];
  int top = 0;
  stack[top++] = rootNode();
  while (top > 0) {
    const std::int32_t node = stack[--top];
    const std::uint8_t flags = t.flags[node];
    if (flags & kCell) {
      const MassPoint q = t.mass[node];
      if (distanceToBox2(groupBox, q.x, q.y, q.z) > t.rcrit2[node]) {
        addRepulsion(r.force, r.potential, px, py, pz, q.x, q.y, q.z, q.m, strength, eps2);
        continue;
      }
    }
    if ((flags & kLeaf) || isLeafNode(node, t.n)) {
      const std::int32_t first = nodeFirst(node, t.n, t.range);
      const std::int32_t end = first + nodeSize(node, t.n, t.range);
      // A leaf's pairs are summed apart, then added: one long float sum over every leaf (theta 0)
      // loses about three times the precision of the CPU backend's lane-wise sums.
      RepulsionSum leaf{{0.0f, 0.0f, 0.0f}, 0.0f};
      for (std::int32_t k = first; k < end; ++k) {
        if (k == self) continue;
        const MassPoint q = t.mass[leafNode(k, t.n)];
        addRepulsion(leaf.force, leaf.potential, px, py, pz, q.x, q.y, q.z, q.m, strength, eps2);
      }
      r.force.x += leaf.force.x;
      r.force.y += leaf.force.y;
      r.force.z += leaf.force.z;
      r.potential += leaf.potential;
      continue;
    }
    if (top + 2 > kMaxTreeDepth + 2) {  // never in a valid tree: use the summary rather than overflow
      const MassPoint q = t.mass[node];
      addRepulsion(r.force, r.potential, px, py, pz, q.x, q.y, q.z, q.m, strength, eps2);
      continue;
    }
    const TreeChildren c = t.children[node];
    stack[top++] = c.right;
    stack[top++] = c.left;
  }
  return r;
}

}  // namespace forcelab
