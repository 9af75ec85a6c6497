#include "engine/graph_delta.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>
#include <unordered_set>

#include "engine/initial_positions.h"

namespace forcelab {
namespace {

std::string at(const char* field, size_t k) { return std::string("editGraph: ") + field + "[" + std::to_string(k) + "]"; }

void checkPairs(const char* field, const uint32_t* pairs, size_t length, uint32_t n) {
  if (length % 2) throw std::invalid_argument(std::string("editGraph: ") + field + " must hold pairs (an even length), got " + std::to_string(length));
  for (size_t k = 0; k < length; ++k)
    if (pairs[k] >= n)
      throw std::invalid_argument(at(field, k) + " = " + std::to_string(pairs[k]) + " is not a node (there are " + std::to_string(n) + ")");
  for (size_t k = 0; k < length; k += 2)
    if (pairs[k] == pairs[k + 1])
      throw std::invalid_argument(at(field, k) + " and [" + std::to_string(k + 1) + "] are both " + std::to_string(pairs[k]) + ": a self-loop is not a layout edge");
}

uint64_t pairKey(uint32_t a, uint32_t b) { return a < b ? (uint64_t(a) << 32) | b : (uint64_t(b) << 32) | a; }

uint64_t mix(uint64_t z) {
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
double unit(uint64_t& s) { return double((s = mix(s)) >> 11) / double(1ULL << 53); }  // [0, 1)

/** A deterministic unit direction for node i (2D: in the plane). */
void direction(uint64_t seed, uint32_t i, int dims, double d[3]) {
  uint64_t s = seed * 0x2545f4914f6cdd1dULL ^ (uint64_t(i) * 0x9e3779b97f4a7c15ULL + 0x5bd1e995);
  const double phi = 2 * M_PI * unit(s);
  if (dims == 3) {
    const double z = 2 * unit(s) - 1, r = std::sqrt(std::max(0.0, 1 - z * z));
    d[0] = r * std::cos(phi), d[1] = r * std::sin(phi), d[2] = z;
  } else {
    d[0] = std::cos(phi), d[1] = std::sin(phi), d[2] = 0;
  }
}

}  // namespace

uint32_t validateGraphDelta(uint32_t n, const uint32_t* removeEdges, size_t removeEdgesLength, const uint32_t* removeNodes,
                            size_t removeNodesLength, uint32_t addCount, const float* addPositions,
                            size_t addPositionsLength, const uint32_t* addEdges, size_t addEdgesLength,
                            const float* addWeights, size_t addWeightsLength) {
  checkPairs("removeEdges", removeEdges, removeEdgesLength, n);
  if (removeNodesLength > n)
    throw std::invalid_argument("editGraph: removeNodes has " + std::to_string(removeNodesLength) + " entries but there are " + std::to_string(n) + " nodes");
  uint32_t left = n;
  for (size_t k = 0; k < removeNodesLength; ++k) {
    if (removeNodes[k] >= left)
      throw std::invalid_argument(at("removeNodes", k) + " = " + std::to_string(removeNodes[k]) + " is not a node (there are " + std::to_string(left) + " after the removals before it)");
    --left;
  }
  if (uint64_t(left) + addCount > 0xfffffffeULL) throw std::invalid_argument("editGraph: addCount is too large");
  if (addPositionsLength != size_t(3) * addCount)
    throw std::invalid_argument("editGraph: addPositions must hold 3 numbers per added node (" + std::to_string(size_t(3) * addCount) + "), got " + std::to_string(addPositionsLength));
  for (size_t k = 0; k < addPositionsLength; ++k)
    if (std::isinf(addPositions[k])) throw std::invalid_argument(at("addPositions", k) + " is infinite (NaN places the node)");
  const uint32_t after = left + addCount;
  checkPairs("addEdges", addEdges, addEdgesLength, after);
  if (addWeightsLength != addEdgesLength / 2)
    throw std::invalid_argument("editGraph: addWeights must hold one weight per added edge (" + std::to_string(addEdgesLength / 2) + "), got " + std::to_string(addWeightsLength));
  for (size_t k = 0; k < addWeightsLength; ++k)
    if (!std::isfinite(addWeights[k]) || addWeights[k] < 0)
      throw std::invalid_argument(at("addWeights", k) + " must be a finite number >= 0, got " + std::to_string(addWeights[k]));
  return after;
}

void applyGraphDeltaToHost(MemoryTracker& tracker, const HostGraph& old, const GraphDeltaEdit& d, AppliedGraphDelta* out) {
  const uint32_t n0 = old.nodeCount;
  // Swap-remove, one removal after another: slot -> the old node it holds.
  std::vector<uint32_t> nodeAt(n0);
  for (uint32_t i = 0; i < n0; ++i) nodeAt[i] = i;
  std::vector<uint32_t> removed;
  uint32_t left = n0;
  for (size_t k = 0; k < d.removeNodes.size(); ++k) {
    const uint32_t r = d.removeNodes[k];
    removed.push_back(nodeAt[r]);
    --left;
    nodeAt[r] = nodeAt[left];  // the last node moves into the hole (when r is the last, it simply goes)
  }
  const uint32_t kept = left, n = kept + d.addCount;
  out->keptCount = kept;
  out->source.assign(n, kNewNode);
  std::vector<uint32_t> newIndex(n0, kNewNode);
  for (uint32_t i = 0; i < kept; ++i) {
    out->source[i] = nodeAt[i];
    newIndex[nodeAt[i]] = i;
    if (nodeAt[i] != i) {
      out->moveTo.push_back(i);
      out->moveFrom.push_back(nodeAt[i]);
    }
  }
  std::vector<float> heat(n, 0.0f);
  auto warm = [&](uint32_t node, float h) {
    if (node != kNewNode) heat[node] = std::max(heat[node], h);
  };
  std::unordered_set<uint64_t> cut;
  for (size_t k = 0; k + 1 < d.removeEdges.size(); k += 2) {
    cut.insert(pairKey(d.removeEdges[k], d.removeEdges[k + 1]));
    warm(newIndex[d.removeEdges[k]], kNeighbourHeat);
    warm(newIndex[d.removeEdges[k + 1]], kNeighbourHeat);
  }
  for (uint32_t r : removed)
    for (uint32_t k = old.offsets[r]; k < old.offsets[r + 1]; ++k) warm(newIndex[old.targets[k]], kNeighbourHeat);

  // The new CSR row by row: a kept node's old row relabelled (removed nodes and cut edges dropped), then its
  // added entries. Linear in the graph: only a row that a move or an addition left unsorted is sorted, and a
  // duplicate keeps the entry that came first (the kept weight), as layout edges stay distinct pairs.
  struct Entry {
    uint32_t from, to;
    float w;
  };
  std::vector<Entry> added;
  added.reserve(d.addEdges.size());
  bool weighted = old.weights.size() != 0;
  for (size_t k = 0; k + 1 < d.addEdges.size(); k += 2) {
    const uint32_t a = d.addEdges[k], b = d.addEdges[k + 1];
    const float w = d.addWeights[k / 2];
    if (w != 1.0f) weighted = true;
    added.push_back({a, b, w});
    added.push_back({b, a, w});
    warm(a, kNeighbourHeat);
    warm(b, kNeighbourHeat);
  }
  std::stable_sort(added.begin(), added.end(), [](const Entry& x, const Entry& y) { return x.from < y.from; });
  HostGraph& g = out->graph;
  g.nodeCount = n;
  g.offsets = HostBuffer<uint32_t>(tracker, "graph.offsets", size_t(n) + 1);
  std::vector<uint32_t> targets;
  std::vector<float> weights;
  targets.reserve(old.targets.size() + added.size());
  weights.reserve(old.targets.size() + added.size());
  std::vector<std::pair<uint32_t, uint32_t>> rowOrder;  // (target, position in row) for a row to sort
  std::vector<float> rowWeights;
  g.offsets[0] = 0;
  size_t next = 0;
  for (uint32_t i = 0; i < n; ++i) {
    const size_t rowStart = targets.size();
    bool sorted = true;
    auto push = [&](uint32_t to, float w) {
      if (targets.size() > rowStart && targets.back() >= to) sorted = false;
      targets.push_back(to);
      weights.push_back(w);
    };
    const uint32_t s = out->source[i];
    if (s != kNewNode)
      for (uint32_t k = old.offsets[s]; k < old.offsets[s + 1]; ++k) {
        const uint32_t j = old.targets[k], b = newIndex[j];
        if (b == kNewNode || (!cut.empty() && cut.count(pairKey(s, j)))) continue;
        push(b, old.weights.size() ? old.weights[k] : 1.0f);
      }
    for (; next < added.size() && added[next].from == i; ++next) push(added[next].to, added[next].w);
    if (!sorted) {
      const size_t len = targets.size() - rowStart;
      rowOrder.resize(len);
      rowWeights.assign(weights.begin() + rowStart, weights.end());
      for (size_t k = 0; k < len; ++k) rowOrder[k] = {targets[rowStart + k], uint32_t(k)};
      std::sort(rowOrder.begin(), rowOrder.end());  // by target, then by position: the first entry leads
      size_t write = rowStart;
      for (size_t k = 0; k < len; ++k) {
        if (write > rowStart && targets[write - 1] == rowOrder[k].first) continue;  // already a layout edge
        targets[write] = rowOrder[k].first;
        weights[write] = rowWeights[rowOrder[k].second];
        ++write;
      }
      targets.resize(write);
      weights.resize(write);
    }
    g.offsets[i + 1] = static_cast<uint32_t>(targets.size());
  }
  g.targets = HostBuffer<uint32_t>(tracker, "graph.targets", targets.size());
  if (!targets.empty()) std::memcpy(g.targets.data(), targets.data(), targets.size() * sizeof(uint32_t));
  if (weighted) {
    g.weights = HostBuffer<float>(tracker, "graph.weights", weights.size());
    if (!weights.empty()) std::memcpy(g.weights.data(), weights.data(), weights.size() * sizeof(float));
  }
  g.pinned = HostBuffer<uint8_t>(tracker, "graph.pinned", n);
  for (uint32_t i = 0; i < n; ++i) g.pinned[i] = out->source[i] == kNewNode ? 0 : old.pinned[out->source[i]];

  // New nodes and their neighbours warm up; the rest keeps the layout's temperature.
  for (uint32_t i = kept; i < n; ++i) {
    heat[i] = kNewNodeHeat;
    for (uint32_t k = g.offsets[i]; k < g.offsets[i + 1]; ++k) warm(g.targets[k], kNeighbourHeat);
  }
  for (uint32_t i = 0; i < n; ++i)
    if (heat[i] > 0) {
      out->warmNodes.push_back(i);
      out->warmHeat.push_back(heat[i]);
    }
}

void placeNewNodes(const AppliedGraphDelta& a, const GraphDeltaEdit& d, const LayoutParams& params, uint64_t seed,
                   float* xyz) {
  const HostGraph& g = a.graph;
  const uint32_t n = g.nodeCount, kept = a.keptCount;
  if (n == kept) return;
  const int dims = params.dimensions;
  std::vector<uint8_t> placed(n, 0);
  std::fill(placed.begin(), placed.begin() + kept, 1);
  for (uint32_t i = kept; i < n; ++i) {
    const float* p = d.addPositions.data() + 3 * size_t(i - kept);
    if (std::isfinite(p[0]) && std::isfinite(p[1]) && std::isfinite(p[2])) {
      xyz[3 * size_t(i)] = p[0];
      xyz[3 * size_t(i) + 1] = p[1];
      xyz[3 * size_t(i) + 2] = dims == 3 ? p[2] : 0.0f;
      placed[i] = 1;
    }
  }
  auto dist = [&](uint32_t i, uint32_t j) {
    double s = 0;
    for (int c = 0; c < 3; ++c) {
      const double t = double(xyz[3 * size_t(i) + c]) - xyz[3 * size_t(j) + c];
      s += t * t;
    }
    return std::sqrt(s);
  };
  // The layout's typical edge length (a deterministic sample) and centroid, for nodes without a placed
  // neighbour and neighbours without placed edges.
  double globalLength = 0;
  {
    const uint32_t m = g.offsets[n];
    const uint32_t stride = std::max<uint32_t>(1, m / 4096);
    uint32_t count = 0;
    for (uint32_t i = 0; i < n; ++i)
      for (uint32_t k = g.offsets[i]; k < g.offsets[i + 1]; k += stride)
        if (placed[i] && placed[g.targets[k]]) {
          globalLength += dist(i, g.targets[k]);
          ++count;
        }
    globalLength = count ? globalLength / count : 0;
  }
  const double count = std::max<uint32_t>(n, 1);
  const double spacing = seedRadius(n, params) / (dims == 3 ? std::cbrt(count) : std::sqrt(count));
  if (!(globalLength > 0)) globalLength = spacing;
  double centroid[3] = {0, 0, 0};
  uint32_t placedCount = 0;
  for (uint32_t i = 0; i < n; ++i)
    if (placed[i]) {
      for (int c = 0; c < 3; ++c) centroid[c] += xyz[3 * size_t(i) + c];
      ++placedCount;
    }
  for (int c = 0; c < 3; ++c) centroid[c] = placedCount ? centroid[c] / placedCount : 0;

  // Passes: a node with placed neighbours goes to their mean, so chains of new nodes grow out from the
  // layout; when none is left with a placed neighbour, the first one left goes near the centroid.
  for (;;) {
    bool progress = false, left = false;
    for (uint32_t i = kept; i < n; ++i) {
      if (placed[i]) continue;
      double mean[3] = {0, 0, 0}, local = 0;
      uint32_t neighbours = 0, localCount = 0;
      for (uint32_t k = g.offsets[i]; k < g.offsets[i + 1]; ++k) {
        const uint32_t j = g.targets[k];
        if (!placed[j]) continue;
        for (int c = 0; c < 3; ++c) mean[c] += xyz[3 * size_t(j) + c];
        ++neighbours;
        for (uint32_t q = g.offsets[j], e = std::min(g.offsets[j + 1], g.offsets[j] + 64); q < e; ++q)
          if (placed[g.targets[q]] && g.targets[q] != i) {
            local += dist(j, g.targets[q]);
            ++localCount;
          }
      }
      if (!neighbours) {
        left = true;
        continue;
      }
      const double length = localCount && local > 0 ? local / localCount : globalLength;
      double dir[3];
      direction(seed, i, dims, dir);
      for (int c = 0; c < 3; ++c) xyz[3 * size_t(i) + c] = float(mean[c] / neighbours + 0.3 * length * dir[c]);
      if (dims != 3) xyz[3 * size_t(i) + 2] = 0.0f;
      placed[i] = 1;
      progress = true;
    }
    if (!left) break;
    if (progress) continue;
    for (uint32_t i = kept; i < n; ++i) {
      if (placed[i]) continue;
      double dir[3];
      direction(seed ^ 0x51ed27, i, dims, dir);
      uint64_t s = mix(seed + i);
      const double r = spacing * (0.5 + unit(s));
      for (int c = 0; c < 3; ++c) xyz[3 * size_t(i) + c] = float(centroid[c] + r * dir[c]);
      if (dims != 3) xyz[3 * size_t(i) + 2] = 0.0f;
      placed[i] = 1;
      break;
    }
  }
}

}  // namespace forcelab
