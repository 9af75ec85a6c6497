// The CPU backend: the force model of backend.h on a persistent thread pool, SoA float arrays, and a
// Barnes-Hut tree rebuilt from Morton-sorted nodes every step.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <mutex>

#include "backend.h"
#include "cpu/integrate.h"
#include "cpu/morton_order.h"
#include "cpu/octree.h"
#include "cpu/overlapped_copy.h"
#include "cpu/repulsion.h"
#include "cpu/thread_pool.h"
#include "shared/coincident.cuh"  // coincidentOffset, shared with the CUDA backend
#include "shared/node_heat.cuh"

namespace forcelab {
namespace {

double msSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

class CpuBackend final : public Backend {
 public:
  CpuBackend(MemoryTracker& tracker, unsigned threads, bool background)
      : tracker_(tracker), pool_(threads, background), scratch_(tracker) {}

  const char* name() const override { return "cpu"; }

  void setGraph(const GraphView& g, const float* xyz) override {
    const uint32_t n = g.nodeCount;
    const uint32_t m = n ? g.offsets[n] : 0;
    // Allocate everything first, then swap in under the snapshot lock so a reader never sees a mix.
    HostBuffer<float> positions(tracker_, "cpu.positions", size_t(6) * n);
    HostBuffer<float> positions4(tracker_, "cpu.positions4", size_t(8) * n);
    HostBuffer<float> velocities(tracker_, "cpu.velocities", size_t(3) * n);
    HostBuffer<uint8_t> pinned(tracker_, "cpu.pinned", n);
    HostBuffer<uint32_t> offsets(tracker_, "cpu.csr.offsets", size_t(n) + 1);
    HostBuffer<uint32_t> targets(tracker_, "cpu.csr.targets", m);
    HostBuffer<float> weights;
    if (g.weights) weights = HostBuffer<float>(tracker_, "cpu.csr.weights", m);
    HostBuffer<float> snapshots(tracker_, "cpu.snapshots", size_t(6) * n);
    std::memcpy(offsets.data(), g.offsets, (size_t(n) + 1) * sizeof(uint32_t));
    if (m) std::memcpy(targets.data(), g.targets, size_t(m) * sizeof(uint32_t));
    if (g.weights && m) std::memcpy(weights.data(), g.weights, size_t(m) * sizeof(float));
    if (n) {
      std::memset(velocities.data(), 0, velocities.size() * sizeof(float));
      std::memset(pinned.data(), 0, n);
    }
    {
      std::lock_guard<std::mutex> lock(snapshotMutex_);
      n_ = n;
      positions_ = std::move(positions);
      positions4_ = std::move(positions4);
      velocities_ = std::move(velocities);
      pinned_ = std::move(pinned);
      offsets_ = std::move(offsets);
      targets_ = std::move(targets);
      weights_ = std::move(weights);
      snapshots_ = std::move(snapshots);
      current_ = 0;
      front_ = 0;
    }
    heat_.reset();
    heatSteps_ = 0;
    scratch_.clear();
    listCapacity_ = 0;
    setPositions(xyz);
  }

  void setPositions(const float* xyz) override {
    float *x = pos(current_, 0), *y = pos(current_, 1), *z = pos(current_, 2);
    for (uint32_t i = 0; i < n_; ++i) {
      x[i] = xyz[3 * i];
      y[i] = xyz[3 * i + 1];
      z[i] = xyz[3 * i + 2];
    }
    syncPos4();
    if (n_) std::memset(velocities_.data(), 0, velocities_.size() * sizeof(float));
    publishByCopy();
  }

  void setPosition(uint32_t node, float px, float py, float pz) override {
    if (node >= n_) return;
    pos(current_, 0)[node] = px;
    pos(current_, 1)[node] = py;
    pos(current_, 2)[node] = pz;
    float* q = pos4(current_) + 4 * size_t(node);
    q[0] = px;
    q[1] = py;
    q[2] = pz;
    for (int d = 0; d < 3; ++d) velocities_[size_t(d) * n_ + node] = 0;
    publishByCopy();
  }

  size_t applyGraphDelta(const GraphDeltaView& d) override {
    const uint32_t n = d.graph.nodeCount, kept = d.keptCount;
    const uint32_t m = n ? d.graph.offsets[n] : 0;
    // Host memory: every per-node array is laid out by n (SoA strides), so it is rebuilt at the new size,
    // copying the kept slots, then the swap-remove moves, then the new nodes. Allocated before anything
    // changes, so a failed allocation leaves the backend as it was.
    HostBuffer<float> positions(tracker_, "cpu.positions", size_t(6) * n);
    HostBuffer<float> positions4(tracker_, "cpu.positions4", size_t(8) * n);
    HostBuffer<float> velocities(tracker_, "cpu.velocities", size_t(3) * n);
    HostBuffer<float> heat(tracker_, "cpu.heat", n);
    HostBuffer<uint8_t> pinned(tracker_, "cpu.pinned", n);
    HostBuffer<uint32_t> offsets(tracker_, "cpu.csr.offsets", size_t(n) + 1);
    HostBuffer<uint32_t> targets(tracker_, "cpu.csr.targets", m);
    HostBuffer<float> weights;
    if (d.graph.weights) weights = HostBuffer<float>(tracker_, "cpu.csr.weights", m);
    HostBuffer<float> snapshots(tracker_, "cpu.snapshots", size_t(6) * n);
    std::memcpy(offsets.data(), d.graph.offsets, (size_t(n) + 1) * sizeof(uint32_t));
    if (m) std::memcpy(targets.data(), d.graph.targets, size_t(m) * sizeof(uint32_t));
    if (d.graph.weights && m) std::memcpy(weights.data(), d.graph.weights, size_t(m) * sizeof(float));
    if (n) std::memcpy(pinned.data(), d.pinned, n);
    const uint32_t n0 = n_;
    for (int axis = 0; axis < 3; ++axis) {
      const float* p = pos(current_, axis);
      const float* v = velocities_.data() + size_t(axis) * n0;
      float* np = positions.data() + size_t(axis) * n;  // set 0 of the new arrays
      float* nv = velocities.data() + size_t(axis) * n;
      for (uint32_t i = 0; i < kept; ++i) {
        np[i] = p[i];
        nv[i] = v[i];
      }
      for (uint32_t k = 0; k < d.moveCount; ++k) {
        np[d.moveTo[k]] = p[d.moveFrom[k]];
        nv[d.moveTo[k]] = v[d.moveFrom[k]];
      }
      for (uint32_t i = kept; i < n; ++i) {
        np[i] = d.addedXyz[3 * size_t(i - kept) + axis];
        nv[i] = 0.0f;
      }
    }
    for (uint32_t i = 0; i < kept; ++i) heat[i] = heat_.size() ? heat_[i] : 0.0f;
    for (uint32_t k = 0; k < d.moveCount; ++k) heat[d.moveTo[k]] = heat_.size() ? heat_[d.moveFrom[k]] : 0.0f;
    for (uint32_t i = kept; i < n; ++i) heat[i] = 0.0f;
    for (uint32_t k = 0; k < d.warmCount; ++k) heat[d.warmNodes[k]] = std::max(heat[d.warmNodes[k]], d.warmHeat[k]);
    {
      std::lock_guard<std::mutex> lock(snapshotMutex_);
      n_ = n;
      positions_ = std::move(positions);
      positions4_ = std::move(positions4);
      velocities_ = std::move(velocities);
      pinned_ = std::move(pinned);
      offsets_ = std::move(offsets);
      targets_ = std::move(targets);
      weights_ = std::move(weights);
      snapshots_ = std::move(snapshots);
      current_ = 0;
      front_ = 0;
      if (n) std::memcpy(snapshots_.data(), d.xyz, size_t(3) * n * sizeof(float));
      ++seq_;
    }
    heat_ = std::move(heat);
    if (d.warmCount) heatSteps_ = kHeatSteps;
    syncPos4();
    listCapacity_ = 0;
    return (size_t(n) + 1 + m) * 4 + (d.graph.weights ? size_t(m) * 4 : 0) + size_t(d.moveCount) * 8 +
           size_t(n - kept) * 12 + size_t(d.warmCount) * 8 + n;
  }

  void setPinned(const uint8_t* mask) override {
    if (n_) std::memcpy(pinned_.data(), mask, n_);
  }

  void warmNodes(uint32_t count, const uint32_t* nodes, const float* values) override {
    if (!count || !n_) return;
    if (heat_.size() < n_) {
      heat_ = HostBuffer<float>(tracker_, "cpu.heat", n_);
      std::memset(heat_.data(), 0, heat_.size() * sizeof(float));
    }
    for (uint32_t k = 0; k < count; ++k)
      if (nodes[k] < n_) heat_[nodes[k]] = std::max(heat_[nodes[k]], values[k]);
    heatSteps_ = kHeatSteps;
  }

  StepOutcome step(const LayoutParams& params, const EngineSwitches& sw, float temperature,
                   const std::atomic<bool>& interrupt) override {
    StepOutcome out;
    scratch_.setPooling(sw.deviceMemory);
    LaunchSizing sizing{sw.launchSizing, pool_.size()};
    const OverlappedCopy copy{sw.overlappedCopy, snapshots_.data() + size_t(3) * n_ * (1 - front_)};
    if (n_ > 0) {
      float* fx = scratch_.get<float>("cpu.repulsion", size_t(3) * n_);
      double potential = repulsionPhase(params, sizing, fx, interrupt, &out);
      if (out.interrupted) {  // nothing integrated: the positions and the snapshot are the step's start
        scratch_.endStep();
        return out;
      }
      const auto integrateStart = std::chrono::steady_clock::now();
      IntegrateInput in = integrateInput(fx);
      in.nx = pos(1 - current_, 0);
      in.ny = pos(1 - current_, 1);
      in.nz = pos(1 - current_, 2);
      in.nxyzw = pos4(1 - current_);
      in.snapshot = copy.duringStep();
      if (heatSteps_ > 0) {  // only while some node is warmer than the layout (a graph delta)
        in.heat = heat_.data();
        in.heatMaxVelocity = params.maxVelocity;
      }
      IntegrateResult r = integrateStep(pool_, sizing, in, params, temperature);
      if (heatSteps_ > 0 && --heatSteps_ == 0) std::memset(heat_.data(), 0, heat_.size() * sizeof(float));
      out.integrateMs = msSince(integrateStart);
      current_ = 1 - current_;
      out.kineticEnergy = r.kinetic / n_;
      out.layoutEnergy = potential + r.springEnergy + r.gravityEnergy;
    }
    auto t0 = std::chrono::steady_clock::now();
    copy.afterStep(pos(current_, 0), pos(current_, 1), pos(current_, 2), n_);
    out.snapshotSeq = publish();
    out.copyMs = msSince(t0);
    out.chunks = sizing.chunks;
    scratch_.endStep();
    return out;
  }

  uint64_t readPositions(float* xyz) const override {
    std::lock_guard<std::mutex> lock(snapshotMutex_);
    if (n_) std::memcpy(xyz, snapshots_.data() + size_t(3) * n_ * front_, size_t(3) * n_ * sizeof(float));
    return seq_;
  }

  void computeForces(const LayoutParams& params, float* fxyz) override {
    if (n_ == 0) return;
    LaunchSizing sizing{true, pool_.size()};
    float* fx = scratch_.get<float>("cpu.repulsion", size_t(3) * n_);
    const std::atomic<bool> never{false};
    StepOutcome ignored;
    repulsionPhase(params, sizing, fx, never, &ignored);
    totalForces(pool_, sizing, integrateInput(fx), params, fxyz);
    scratch_.endStep();
  }

 private:
  float* pos(int set, int axis) { return positions_.data() + (size_t(set) * 3 + axis) * n_; }
  float* pos4(int set) { return positions4_.data() + size_t(set) * 4 * n_; }

  /** The 4-float copy follows the SoA positions after edits made outside a step. */
  void syncPos4() {
    const float *x = pos(current_, 0), *y = pos(current_, 1), *z = pos(current_, 2);
    float* q = pos4(current_);
    for (uint32_t i = 0; i < n_; ++i) {
      q[4 * i] = x[i];
      q[4 * i + 1] = y[i];
      q[4 * i + 2] = z[i];
      q[4 * i + 3] = 0.0f;
    }
  }

  IntegrateInput integrateInput(float* fx) {
    IntegrateInput in;
    in.n = n_;
    in.x = pos(current_, 0);
    in.y = pos(current_, 1);
    in.z = pos(current_, 2);
    in.xyzw = pos4(current_);
    in.vx = velocities_.data();
    in.vy = velocities_.data() + n_;
    in.vz = velocities_.data() + size_t(2) * n_;
    in.pinned = pinned_.data();
    in.forces = fx;
    in.offsets = offsets_.data();
    in.targets = targets_.data();
    in.weights = weights_.size() ? weights_.data() : nullptr;
    in.partials = scratch_.get<Partial>("cpu.partials", pool_.size());
    return in;
  }

  /** Sort, (separate coincident nodes), gather, build the tree and sum repulsion into fx (3n); the two
   *  phases' times into `times` when given. */
  double repulsionPhase(const LayoutParams& params, LaunchSizing& sizing, float* fx, const std::atomic<bool>& interrupt,
                        StepOutcome* times) {
    const auto t0 = std::chrono::steady_clock::now();
    const int dims = params.dimensions;
    float *x = pos(current_, 0), *y = pos(current_, 1), *z = pos(current_, 2);
    MortonOrder mo = sortByMorton(pool_, sizing, scratch_, x, y, z, n_, dims);
    separateCoincident(mo, params, x, y, z);
    float* sorted = scratch_.get<float>("cpu.sorted", size_t(3) * n_);
    float *sx = sorted, *sy = sorted + n_, *sz = sorted + size_t(2) * n_;
    sizing.chunks += pool_.parallelFor(n_, sizing.chunk(n_, 8192), [&](size_t b, size_t e, unsigned) {
      const float* q = pos4(current_);
      for (size_t k = b; k < e; ++k) {
        const float* p = q + 4 * size_t(mo.order[k]);
        sx[k] = p[0];
        sy[k] = p[1];
        sz[k] = p[2];
      }
    });
    Octree tree = buildOctree(scratch_, mo.codes, sx, sy, sz, n_, dims, params.theta);
    const float eps2 = kSofteningFraction * params.springLength * params.springLength;
    SortedBodies bodies{sx, sy, sz, mo.order, n_};
    const auto t1 = std::chrono::steady_clock::now();
    const double potential =
        computeRepulsion(pool_, sizing, scratch_, tree, bodies, params.repulsion, eps2, fx, listCapacity_, interrupt,
                         &times->interrupted);
    {
      times->treeMs = std::chrono::duration<double, std::milli>(t1 - t0).count();
      times->repulsionMs = msSince(t1);
    }
    return potential;
  }

  /** Nodes at exactly the same point feel no force from each other (no direction); nudge them apart by a
   *  tiny deterministic offset. Equal points have equal codes, so they are neighbours in sorted order. */
  void separateCoincident(const MortonOrder& mo, const LayoutParams& params, float* x, float* y, float* z) {
    const float nudge = 1e-3f * params.springLength;
    for (uint32_t k = 1; k < n_; ++k) {
      if (mo.codes[k] != mo.codes[k - 1]) continue;
      uint32_t a = mo.order[k - 1], b = mo.order[k];
      if (x[a] != x[b] || y[a] != y[b] || z[a] != z[b] || pinned_[b]) continue;
      float ox, oy, oz;
      coincidentOffset(b, params.dimensions, nudge, ox, oy, oz);  // the offset the CUDA backend replays
      x[b] += ox;
      y[b] += oy;
      z[b] += oz;
      float* q = pos4(current_) + 4 * size_t(b);
      q[0] = x[b];
      q[1] = y[b];
      q[2] = z[b];
    }
  }

  uint64_t publish() {
    std::lock_guard<std::mutex> lock(snapshotMutex_);
    front_ = 1 - front_;
    return ++seq_;
  }

  uint64_t publishByCopy() {
    float* back = snapshots_.data() + size_t(3) * n_ * (1 - front_);
    interleaveFrame(pos(current_, 0), pos(current_, 1), pos(current_, 2), n_, back);
    return publish();
  }

  MemoryTracker& tracker_;
  ThreadPool pool_;
  HostPool scratch_;
  uint32_t n_ = 0;
  HostBuffer<float> positions_;   // two sets of x[], y[], z[]: current_ and the one being written
  HostBuffer<float> positions4_;  // the same two sets as xyz_ per node, for random-access reads
  HostBuffer<float> velocities_;  // vx[], vy[], vz[]
  HostBuffer<uint8_t> pinned_;
  HostBuffer<uint32_t> offsets_, targets_;
  HostBuffer<float> weights_;
  HostBuffer<float> snapshots_;  // two interleaved xyz frames; readers copy front_
  HostBuffer<float> heat_;       // per-node heat after a graph delta (empty until one)
  uint32_t heatSteps_ = 0;       // steps left while heat_ matters
  int current_ = 0;
  int front_ = 0;
  uint64_t seq_ = 0;
  uint32_t listCapacity_ = 0;
  mutable std::mutex snapshotMutex_;
};

}  // namespace

std::unique_ptr<Backend> makeCpuBackend(MemoryTracker& tracker, unsigned threads, bool background) {
  return std::make_unique<CpuBackend>(tracker, threads, background);
}

}  // namespace forcelab
