// The contract between the engine core (native/src/engine) and a compute backend (CPU in native/src/cpu,
// CUDA in native/cuda). Both backends implement the same force model so their layouts agree within float
// tolerance; this header is the single place that model is written down.
//
// FORCE MODEL (per step, every node i, positions p, velocities v):
//   repulsion  F_rep(i) = repulsion * sum_j m_j * (p_i - p_j) / (|p_i - p_j|^2 + eps2)^(3/2)
//              (Coulomb, inverse-square; eps2 = kSofteningFraction * springLength^2; m_j = 1 per node).
//              Barnes-Hut: a tree cell with tight bounding box of largest extent `width`, centre of box `c`,
//              centre of mass `com` and mass m is used as one body for a group of nodes (a leaf) when the
//              squared distance from `com` to the group's bounding box exceeds
//                  rcrit2 = (width / min(theta, kMaxTheta) + |com - c|)^2 ;
//              theta == 0 means never approximate: exact all-pairs.
//   springs    F_spr(i) = springStrength * sum_{e=(i,j) in CSR row i, j != i} w_e * (|d| - springLength) * d/|d|,
//              d = p_j - p_i. Each CSR row is read from the point of view of its own node only, so an
//              undirected graph must be stored with both directions (toCsr does that). Self-loops are ignored.
//   gravity    F_grav(i) = -gravity * p_i
//   step size  a_i = (F_rep + F_spr + F_grav) / (1 + springStrength * sum_e w_e)   (per-node Jacobi scaling
//              keeps hubs stable; the fixed points are those of the plain force model)
//   integrate  v_i = damping * v_i + a_i * timeStep ; clamp |v_i * timeStep| <= maxVelocity * temperature ;
//              p_i += v_i * timeStep. A node warmed by a graph delta clamps at
//              max(maxVelocity * temperature, maxVelocity * heat_i), heat_i *= kHeatDecay every step
//              (shared/node_heat.cuh). Pinned nodes: v_i = 0, p_i unchanged. 2D: z and v_z stay 0.
//   outcome    kineticEnergy = sum |v_i|^2 / n (after the update);
//              layoutEnergy  = sum_{i<j} repulsion / sqrt(|p_i-p_j|^2 + eps2)   (Barnes-Hut approximated)
//                            + sum_{directed CSR entries} 0.25 * springStrength * w * (|d| - springLength)^2
//                            + sum_i 0.5 * gravity * |p_i|^2 , evaluated at the positions before the update.
// Cooling, reheating, the stability gate, seeding and parameter validation live in the engine core, not in
// backends: a backend only computes what it is asked to. So does the early widening of the step limit
// (engine/step_limit.h): the core hands a backend maxVelocity' = maxVelocity + rms * T^8 / T, so the clamp
// is maxVelocity * T + rms * T^8 after new positions (setGraph, setPositions; rms = the layout's rms radius;
// dropped once T^8 < 1e-3). A backend
// clamps with the maxVelocity it is given.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "memory_tracker.h"

namespace forcelab {

constexpr float kSofteningFraction = 1e-4f;  // eps2 = kSofteningFraction * springLength^2
constexpr float kMaxTheta = 1.15f;           // above this a cell could approximate a node inside it

/** Mirrors protocol/switches.ts LayoutParams (validated by the engine core before a backend sees them). */
struct LayoutParams {
  int dimensions = 3;  // 2 or 3
  float theta = 0.8f;
  float repulsion = 1.0f;
  float springStrength = 1.0f;
  float springLength = 0.05f;
  float gravity = 0.02f;
  float damping = 0.85f;
  float maxVelocity = 2.0f;
  float cooling = 0.99f;
  float stabilityThreshold = 1e-5f;
  float timeStep = 1.0f;
};

/** The engine-side live switches, one bool per FORCELAB_SWITCH of switch_table.def (which says what each
 *  does). true = the optimised path. */
struct EngineSwitches {
#define FORCELAB_SWITCH(id) bool id = true;
#include "switch_table.def"
};

/** A graph in CSR form. The arrays are owned by the caller and only valid during setGraph:
 *  a backend copies what it needs. Validated by the engine core (offsets monotone, targets < nodeCount). */
struct GraphView {
  uint32_t nodeCount = 0;
  const uint32_t* offsets = nullptr;  // nodeCount + 1 entries; offsets[0] == 0
  const uint32_t* targets = nullptr;  // offsets[nodeCount] entries
  const float* weights = nullptr;     // offsets[nodeCount] entries, or nullptr for all 1
};

/** A topology change as a backend applies it (the engine core has done the bookkeeping: engine/graph_delta.h).
 *  Node slots [0, keptCount) keep their node, except the swap-remove moves: slot moveTo[k] now holds the node
 *  that was in slot moveFrom[k] (every moveFrom >= keptCount > every moveTo, so the moves may run in place
 *  and in any order). Slots [keptCount, graph.nodeCount) are new nodes at addedXyz, velocity 0. Positions
 *  and velocities of the other nodes stay where they are (on the device, for CUDA). */
struct GraphDeltaView {
  GraphView graph;  // the whole new CSR (the engine's host copy), valid during the call
  uint32_t keptCount = 0;
  uint32_t moveCount = 0;
  const uint32_t* moveTo = nullptr;
  const uint32_t* moveFrom = nullptr;
  const float* addedXyz = nullptr;  // 3 floats per new node, already placed (no NaN)
  const uint8_t* pinned = nullptr;  // graph.nodeCount entries
  const float* xyz = nullptr;       // every position after the change (3 per node): the snapshot to publish
  // Local warming (shared/node_heat.cuh): node warmNodes[k] gets heat max(its heat, warmHeat[k]).
  uint32_t warmCount = 0;
  const uint32_t* warmNodes = nullptr;
  const float* warmHeat = nullptr;
};

/** What one step measured. Times in milliseconds. */
struct StepOutcome {
  double kineticEnergy = 0;  // sum |v|^2 / n after the update
  double layoutEnergy = 0;   // potential energy before the update (see model above)
  double copyMs = 0;         // time the stepping thread spent publishing the positions snapshot
  uint32_t chunks = 0;       // work chunks (CPU) or blocks (CUDA) launched in this step
  uint64_t snapshotSeq = 0;  // sequence number of the snapshot this step published
  // The step saw `interrupt` and stopped before integrating: positions, velocities and the snapshot are as
  // they were, and the other fields mean nothing.
  bool interrupted = false;
  // The step's phases in ms (device time on CUDA): sort + tree build + summaries, repulsion, then springs,
  // gravity, integration and energies. What an analyst needs to see where a step's time goes.
  double treeMs = 0, repulsionMs = 0, integrateMs = 0;
};

/** Memory a device reports (CUDA); CPU leaves it unavailable. */
struct DeviceMemoryInfo {
  bool available = false;
  size_t freeBytes = 0;
  size_t totalBytes = 0;
};

/**
 * A compute backend. All calls come from one thread at a time (the engine's stepping thread, or the JS
 * thread while the stepping thread is idle) EXCEPT readPositions, which may be called from any thread at
 * any time and must return a complete snapshot (never a half-written one).
 * Every buffer a backend owns is a tracked RAII buffer (HostBuffer / DeviceBuffer) registered with the
 * MemoryTracker the backend was created with; after the backend is destroyed the tracker reads zero.
 */
class Backend {
 public:
  virtual ~Backend() = default;

  /** "cpu" or "cuda". */
  virtual const char* name() const = 0;

  /** Replaces the graph. `xyz` holds 3 floats per node (already seeded: no NaN); velocities reset to 0,
   *  nothing pinned. Publishes a snapshot of `xyz`. */
  virtual void setGraph(const GraphView& graph, const float* xyz) = 0;

  /** Overwrites every position (3 floats per node, finite); velocities reset to 0. Publishes a snapshot. */
  virtual void setPositions(const float* xyz) = 0;

  /** Sets one node's position (pinning/dragging); its velocity becomes 0. Publishes a snapshot. */
  virtual void setPosition(uint32_t node, float x, float y, float z) = 0;

  /** Applies a topology change in place (see GraphDeltaView) and publishes a snapshot of view.xyz; returns
   *  the bytes it moved into the backend's own memory (CUDA: uploaded to the device). */
  virtual size_t applyGraphDelta(const GraphDeltaView& delta) = 0;

  /** mask[i] != 0 pins node i (n entries). */
  virtual void setPinned(const uint8_t* mask) = 0;

  /** Local warming without a topology change (a node pinned, dragged or released): node nodes[k] gets heat
   *  max(its heat, heat[k]) (shared/node_heat.cuh), so its neighbourhood responds while the rest stays cool. */
  virtual void warmNodes(uint32_t count, const uint32_t* nodes, const float* heat) = 0;

  /** One iteration of the force model above at the given temperature (clamp = maxVelocity * temperature),
   *  then publishes a snapshot. With switches.overlappedCopy the snapshot is written while the step runs
   *  (CPU: fused into the integration pass; CUDA: a second stream), else copied after the step.
   *  `interrupt` is polled inside the long passes (CPU: between repulsion chunks; CUDA: between tiles of the
   *  repulsion kernel): once set, the step ends within a chunk's time with outcome.interrupted and nothing
   *  changed, so a cancel, a new parameter or dispose never waits for a whole exact (theta 0) step. */
  virtual StepOutcome step(const LayoutParams& params, const EngineSwitches& switches, float temperature,
                           const std::atomic<bool>& interrupt) = 0;

  /** Copies the newest complete snapshot (3 floats per node) into xyz; returns its sequence number.
   *  Thread-safe against a concurrent step. */
  virtual uint64_t readPositions(float* xyz) const = 0;

  /** Debug/test hook: the total force (repulsion + springs + gravity, before step scaling) on every node at
   *  the current positions, 3 floats per node, with the given params (theta included). */
  virtual void computeForces(const LayoutParams& params, float* fxyz) = 0;

  /** Label propagation clustering over `graph` (the engine core's host copy of the graph set last).
   *  Writes one raw label per node (the id of a node of that cluster). Returns false if cancelled.
   *  The default is the shared CPU implementation (native/src/engine/label_propagation.cc). */
  virtual bool labelPropagation(const GraphView& graph, uint32_t maxIterations, const std::atomic<bool>& cancel,
                                uint32_t* labels);
  /** Whether labelPropagation runs on a device for the graph set last (else the engine runs the CPU
   *  implementation beside the layout). */
  virtual bool clustersOnDevice() const { return false; }

  /** Device free/total bytes where there is a device. */
  virtual DeviceMemoryInfo deviceMemory() const { return {}; }
};

/** The shared CPU label propagation (native/src/engine/label_propagation.cc): Backend::labelPropagation's
 *  default, and the engine's clustering beside the layout (engine/cluster_worker.h). */
bool labelPropagationCpu(const GraphView& graph, uint32_t maxIterations, const std::atomic<bool>& cancel,
                         uint32_t* labels);

/** The CPU backend (native/src/cpu). `threads` = worker threads including the caller (0 = all cores). */
std::unique_ptr<Backend> makeCpuBackend(MemoryTracker& tracker, unsigned threads, bool background = false);

/**
 * The CUDA backend factory. Defined in native/cuda/ when built with FORCELAB_WITH_CUDA; otherwise a stub
 * (native/src/cuda_unavailable.cc) returns nullptr with *whyNot = "built without CUDA". Returns nullptr
 * and fills *whyNot ("no CUDA device", a CUDA error string, ...) when no device answers.
 */
std::unique_ptr<Backend> makeCudaBackend(MemoryTracker& tracker, std::string* whyNot);

}  // namespace forcelab
