// Label propagation clustering (Raghavan et al. 2007), the shared CPU implementation behind
// Backend::labelPropagation. Asynchronous updates in a shuffled order, weighted votes; the current label
// wins a tie, other ties go to a hashed pick (not the smallest id, which lets one label flood the graph).
// The shuffle and the hash are fixed, so the result is deterministic.
#include <algorithm>
#include <vector>

#include "backend.h"
#include "shared/label_propagation.cuh"  // labelHash: the tie-break both backends use

namespace forcelab {

bool Backend::labelPropagation(const GraphView& g, uint32_t maxIterations, const std::atomic<bool>& cancel,
                               uint32_t* labels) {
  return labelPropagationCpu(g, maxIterations, cancel, labels);
}

bool labelPropagationCpu(const GraphView& g, uint32_t maxIterations, const std::atomic<bool>& cancel,
                         uint32_t* labels) {
  const uint32_t n = g.nodeCount;
  for (uint32_t i = 0; i < n; ++i) labels[i] = i;
  std::vector<float> votes(n, 0.0f);  // scratch tally indexed by label, reset through `touched`
  std::vector<uint32_t> touched;
  std::vector<uint32_t> order(n);
  for (uint32_t i = 0; i < n; ++i) order[i] = i;
  for (uint32_t iter = 0; iter < maxIterations; ++iter) {
    for (uint32_t k = n; k > 1; --k) std::swap(order[k - 1], order[labelHash(iter * 0x9e3779b97f4a7c15ULL + k) % k]);
    const uint64_t salt = roundSalt(iter);
    uint32_t changed = 0;
    for (uint32_t step = 0; step < n; ++step) {
      const uint32_t i = order[step];
      if ((step & 4095) == 0 && cancel.load(std::memory_order_relaxed)) return false;
      touched.clear();
      for (uint32_t k = g.offsets[i]; k < g.offsets[i + 1]; ++k) {
        uint32_t j = g.targets[k];
        if (j == i) continue;
        uint32_t l = labels[j];
        if (votes[l] == 0.0f) touched.push_back(l);
        votes[l] += g.weights ? g.weights[k] : 1.0f;
      }
      if (touched.empty()) continue;
      const uint32_t current = labels[i];
      uint32_t best = current;
      float bestVote = votes[current];
      for (uint32_t l : touched) {
        const bool tie = votes[l] == bestVote && votes[current] < bestVote && labelHash(l ^ salt) < labelHash(best ^ salt);
        if (votes[l] > bestVote || tie) {
          best = l;
          bestVote = votes[l];
        }
      }
      for (uint32_t l : touched) votes[l] = 0.0f;
      votes[labels[i]] = 0.0f;
      if (best != labels[i]) {
        labels[i] = best;
        ++changed;
      }
    }
    if (changed == 0) break;
  }
  return true;
}

}  // namespace forcelab
