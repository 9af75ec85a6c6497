#include "engine/edit_apply.h"

#include <algorithm>
#include <cstring>
#include <exception>
#include <string>
#include <unordered_map>

namespace forcelab {

void EditApplier::apply(const EditBatch& edits) {
  // New positions, pins and deltas in the order they were queued: an edit before a delta uses the indices
  // before it. Positions go first within their stretch of pins, as before there were deltas.
  bool newPositions = false;
  auto positionsAt = [&](size_t deltasDone) {
    if (edits.positionsAfter != deltasDone) return;
    const uint32_t n = p_.nodeCount.load();
    if (n && edits.positions.size() == size_t(3) * n) {
      p_.backend.get().setPositions(edits.positions.data());
      newPositions = true;
    }
  };
  size_t pin = 0;
  for (size_t k = 0; k < edits.deltas.size(); ++k) {
    const QueuedDelta& q = edits.deltas[k];
    positionsAt(k);
    applyPins(edits.pins, pin, q.pinsBefore);
    pin = q.pinsBefore;
    if (q.applied) continue;
    applyGraphDelta(q.delta);
    q.applied = true;
  }
  positionsAt(edits.deltas.size());
  applyPins(edits.pins, pin, edits.pins.size());
  if (edits.reheat || edits.positions.size()) {
    p_.schedule.reheat(newPositions);
    p_.figures.restart(/*newGraph=*/false);
  } else if (!edits.pins.empty()) {
    // A pin, a drag or a release changes one neighbourhood: warm that, not the whole layout (a global
    // reheat would set every node moving and every frame full).
    warmAroundPins(edits.pins);
  }
}

void EditApplier::warmAroundPins(const std::vector<PinEdit>& pins) {
  const uint32_t n = p_.nodeCount.load();
  const HostGraph& graph = p_.graph;
  std::unordered_map<uint32_t, float> heat;
  const auto warm = [&](uint32_t i, float h) {
    float& v = heat[i];
    v = std::max(v, h);
  };
  for (const PinEdit& e : pins) {
    if (e.node >= n) continue;
    warm(e.node, kNewNodeHeat);  // a released node moves at once; a pinned one does not move anyway
    for (uint32_t k = graph.offsets[e.node]; k < graph.offsets[e.node + 1]; ++k) warm(graph.targets[k], kNeighbourHeat);
  }
  if (heat.empty()) return;
  std::vector<uint32_t> nodes;
  std::vector<float> values;
  nodes.reserve(heat.size());
  values.reserve(heat.size());
  for (const auto& [node, h] : heat) {
    nodes.push_back(node);
    values.push_back(h);
  }
  p_.backend.get().warmNodes(static_cast<uint32_t>(nodes.size()), nodes.data(), values.data());  // inside the edits' CPU fallback
  p_.schedule.warmedLocally();
}

void EditApplier::applyPins(const std::vector<PinEdit>& pins, size_t begin, size_t end) {
  if (begin >= end) return;
  Backend& backend = p_.backend.get();
  const uint32_t n = p_.nodeCount.load();
  bool changed = false;
  for (size_t k = begin; k < end; ++k) {
    const PinEdit& e = pins[k];
    if (e.node >= n) continue;  // queued before a new graph replaced the old one
    p_.graph.pinned[e.node] = e.pinned;
    if (e.hasPosition) backend.setPosition(e.node, e.xyz[0], e.xyz[1], e.xyz[2]);
    changed = true;
  }
  if (changed) backend.setPinned(p_.graph.pinned.data());
}

void EditApplier::applyGraphDelta(const GraphDeltaEdit& delta) {
  const uint32_t n0 = p_.nodeCount.load();
  AppliedGraphDelta a;
  applyGraphDeltaToHost(p_.tracker, p_.graph, delta, &a);
  const uint32_t n = a.graph.nodeCount;
  // Every position after the delta, on the host: the new nodes are placed from their neighbours' positions
  // (the newest snapshot, which between steps is the backend's current state), and the backend publishes
  // it as its snapshot without reading anything back.
  HostBuffer<float> before(p_.tracker, "delta.positions", size_t(3) * n0);
  if (n0) p_.backend.get().readPositions(before.data());
  HostBuffer<float> xyz(p_.tracker, "delta.positions", size_t(3) * n);
  for (uint32_t i = 0; i < a.keptCount; ++i)
    std::memcpy(xyz.data() + 3 * size_t(i), before.data() + 3 * size_t(a.source[i]), 3 * sizeof(float));
  placeNewNodes(a, delta, p_.edits.params(), p_.seed, xyz.data());
  GraphDeltaView v;
  v.graph = a.graph.view();
  v.keptCount = a.keptCount;
  v.moveCount = static_cast<uint32_t>(a.moveTo.size());
  v.moveTo = a.moveTo.data();
  v.moveFrom = a.moveFrom.data();
  v.addedXyz = xyz.data() + 3 * size_t(a.keptCount);
  v.pinned = a.graph.pinned.data();
  v.xyz = xyz.data();
  v.warmCount = static_cast<uint32_t>(a.warmNodes.size());
  v.warmNodes = a.warmNodes.data();
  v.warmHeat = a.warmHeat.data();
  size_t bytes = 0;
  {
    std::lock_guard<std::mutex> topology(p_.topologyMutex);
    try {
      bytes = p_.backend.get().applyGraphDelta(v);
    } catch (const std::exception& e) {
      // A CUDA failure half way leaves the device state unknown: continue on the CPU with the new graph
      // and the positions computed here (velocities and heat start again). A CPU failure (allocation)
      // throws before it changed anything.
      if (std::string(p_.backend.name()) != "cuda") throw;
      p_.backend.replaceWithCpu(v.graph, xyz.data(), std::string("CUDA error while applying a graph delta: ") + e.what());
      if (n) p_.backend.get().setPinned(a.graph.pinned.data());
    }
    p_.graph = std::move(a.graph);
    p_.nodeCount = n;
  }
  p_.schedule.graphDelta(p_.tracker, n);
  p_.labels.graphDelta(a.source.data(), n);
  p_.clusterWorker.cancelAll();  // clusterings of the graph before: nothing would take their labels
  p_.figures.recordGraphDelta(double(bytes));
}

}  // namespace forcelab
