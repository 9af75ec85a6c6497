// Label propagation (Raghavan et al. 2007) on the GPU. The vote is the CPU's
// (native/src/engine/label_propagation.cc): the label with the largest total edge weight among the
// neighbours (self-loops ignored); a tie keeps the node's own label when it is among the best, else goes
// to a hashed pick salted by the round (the smallest id would let one label flood the graph). The CPU
// updates nodes one after another; a GPU round updates half the nodes at once (a fixed hash picks which
// half each round), so two neighbours rarely swap labels back and forth as they do when every node
// updates together. One thread counts a row's labels in O(degree^2): the backend leaves graphs with
// rows longer than kDeviceLabelMaxDegree to the CPU implementation.
#pragma once
#include "shared/hd.cuh"

namespace forcelab {

/** Longest CSR row the device's label vote takes (its cost grows with the square of the row). */
constexpr std::uint32_t kDeviceLabelMaxDegree = 1024;

/** SplitMix64's finaliser: the tie-breaking hash of both implementations. */
FL_HD std::uint64_t labelHash(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/** The label node i adopts this round, given everyone's labels from the previous round. */
FL_HD std::uint32_t propagatedLabel(std::uint32_t i, const std::uint32_t* labels, const std::uint32_t* offsets,
                                    const std::uint32_t* targets, const float* weights, std::uint64_t salt) {
  const std::uint32_t own = labels[i];
  const std::uint32_t begin = offsets[i], end = offsets[i + 1];
  std::uint32_t best = own;
  float bestWeight = 0.0f;
  float ownWeight = 0.0f;
  for (std::uint32_t e = begin; e < end; ++e) {
    if (targets[e] == i) continue;  // self-loops do not vote
    const std::uint32_t label = labels[targets[e]];
    // Count each distinct label once: at its first appearance in the row.
    bool seen = false;
    for (std::uint32_t k = begin; k < e; ++k) {
      if (targets[k] != i && labels[targets[k]] == label) {
        seen = true;
        break;
      }
    }
    if (seen) continue;
    float total = 0.0f;
    for (std::uint32_t k = e; k < end; ++k) {
      if (targets[k] != i && labels[targets[k]] == label) total += weights ? weights[k] : 1.0f;
    }
    if (label == own) ownWeight = total;
    if (total > bestWeight || (total == bestWeight && labelHash(label ^ salt) < labelHash(best ^ salt))) {
      bestWeight = total;
      best = label;
    }
  }
  if (bestWeight == 0.0f || ownWeight == bestWeight) return own;
  return best;
}

/** The tie-breaking salt of a round. */
FL_HD std::uint64_t roundSalt(std::uint32_t round) { return labelHash(std::uint64_t(round) + 1); }

/** Whether node i updates in the given round (about half the nodes do, a different half each round). */
FL_HD bool updatesInRound(std::uint32_t i, std::uint32_t round) {
  return (((i * 2654435761u) >> 16) & 1u) == (round & 1u);
}

}  // namespace forcelab
