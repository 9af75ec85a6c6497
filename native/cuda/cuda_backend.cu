// The CUDA backend: backend.h's force model as a chain of kernels on one compute stream, positions
// double-buffered on the device, snapshots copied into pinned host frames (on a second stream when
// the overlappedCopy switch is on, overlapped_copy.cuh), scratch from a DevicePool (the deviceMemory switch,
// device_memory.cuh).
#include <cuda_runtime.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <limits>
#include <memory>
#include <mutex>
#include <string>

#include "../src/backend.h"
#include "async_completion.cuh"
#include "kernels.cuh"
#include "overlapped_copy.cuh"
#include "shared/label_propagation.cuh"
#include "shared/node_heat.cuh"

namespace forcelab {
namespace {

/** The per-step scratch of the force phase, all from the pool. */
struct ForceScratch {
  Force* forces;
  float* weightSum;
  float* potential;
  bool interrupted = false;  // the repulsion stopped between tiles: forces are incomplete
};

// An exact pass (theta 0) costs n^2 pair interactions: over dblp-2010 that is seconds on one kernel, which a
// cancel could not interrupt. Above this many pairs per step the repulsion runs in tiles of about this
// many pairs, and the stepping thread checks its interrupt flag between them. The emulator runs a kernel's
// threads one by one, so its tiles are smaller.
#if defined(FORCELAB_CUDA_EMULATION)
constexpr double kRepulsionTilePairs = 1 << 22;
#else
constexpr double kRepulsionTilePairs = double(1ull << 33);
#endif

/** Nodes per repulsion tile, or n for one launch (approximate passes, small graphs). */
std::int32_t repulsionTile(std::int32_t n, float theta) {
  if (theta > 0.0f || double(n) * n <= kRepulsionTilePairs) return n;
  return std::max<std::int32_t>(256, static_cast<std::int32_t>(kRepulsionTilePairs / n));
}

class CudaBackend final : public Backend {
 public:
  explicit CudaBackend(MemoryTracker& tracker) : tracker_(tracker), pool_(tracker) {
    CUDA_CHECK(cudaSetDevice(0));
    CUDA_CHECK(cudaStreamCreateWithFlags(&compute_, cudaStreamNonBlocking));
    CUDA_CHECK(cudaStreamCreateWithFlags(&copy_, cudaStreamNonBlocking));
    CUDA_CHECK(cudaEventCreateWithFlags(&stepDone_, cudaEventDisableTiming));
    CUDA_CHECK(cudaEventCreateWithFlags(&copyDone_, cudaEventDisableTiming));
    for (cudaEvent_t& e : phaseEvents_) CUDA_CHECK(cudaEventCreateWithFlags(&e, cudaEventDefault));  // timed
    energies_ = PinnedHostBuffer<float>(tracker_, "cuda.energies", 2);
  }

  ~CudaBackend() override {
    // Let queued work and callbacks finish before their buffers and signals go away; errors here
    // were already reported by the call that caused them. After a device fault the synchronizes return
    // at once, and host functions (cudaLaunchHostFunc, unlike the older stream callbacks) are not run on a
    // stream in error, so none can reach this object later.
    if (copy_) cudaStreamSynchronize(copy_);
    if (compute_) cudaStreamSynchronize(compute_);
    pool_.clear();
    if (stepDone_) cudaEventDestroy(stepDone_);
    if (copyDone_) cudaEventDestroy(copyDone_);
    for (cudaEvent_t e : phaseEvents_)
      if (e) cudaEventDestroy(e);
    if (copy_) cudaStreamDestroy(copy_);
    if (compute_) cudaStreamDestroy(compute_);
  }

  const char* name() const override { return "cuda"; }

  void setGraph(const GraphView& g, const float* xyz) override {
    finishCopy();
    const std::uint32_t n = g.nodeCount;
    const std::uint32_t m = n ? g.offsets[n] : 0;
    std::uint32_t maxDegree = 0;
    for (std::uint32_t i = 0; i < n; ++i) maxDegree = std::max(maxDegree, g.offsets[i + 1] - g.offsets[i]);
    // Release the old graph first: device memory is the scarce resource, not host memory.
    pool_.clear();
    pos_[0] = DeviceBuffer<float>();
    pos_[1] = DeviceBuffer<float>();
    vel_ = DeviceBuffer<float>();
    heat_ = DeviceBuffer<float>();
    heatSteps_ = 0;
    targets_ = DeviceBuffer<std::uint32_t>();
    weights_ = DeviceBuffer<float>();
    pos_[0] = DeviceBuffer<float>(tracker_, "cuda.positions", std::size_t(3) * n);
    pos_[1] = DeviceBuffer<float>(tracker_, "cuda.positions", std::size_t(3) * n);
    vel_ = DeviceBuffer<float>(tracker_, "cuda.velocities", std::size_t(3) * n);
    pinned_ = DeviceBuffer<std::uint8_t>(tracker_, "cuda.pinned", n);
    offsets_ = DeviceBuffer<std::uint32_t>(tracker_, "cuda.csr.offsets", std::size_t(n) + 1);
    targets_ = DeviceBuffer<std::uint32_t>(tracker_, "cuda.csr.targets", m);
    if (g.weights && m) weights_ = DeviceBuffer<float>(tracker_, "cuda.csr.weights", m);
    HostFrames frames{PinnedHostBuffer<float>(tracker_, "cuda.frames", std::size_t(3) * n),
                      PinnedHostBuffer<float>(tracker_, "cuda.frames", std::size_t(3) * n)};
    // Every upload goes on the compute stream, so the kernels that read it are ordered after it (the legacy
    // stream's cudaMemcpy/cudaMemset would not be: the streams are non-blocking). A pageable source is
    // staged (or waited for) before the call returns, so the engine may reuse it at once.
    if (g.offsets) upload(offsets_.data(), g.offsets, (std::size_t(n) + 1) * 4);
    if (m) upload(targets_.data(), g.targets, std::size_t(m) * 4);
    if (weights_.data()) upload(weights_.data(), g.weights, std::size_t(m) * 4);
    if (n) CUDA_CHECK(cudaMemsetAsync(pinned_.data(), 0, n, compute_));
    {
      std::lock_guard<std::mutex> lock(snap_.mutex);
      n_ = n;
      maxDegree_ = maxDegree;
      snap_.frames[0] = std::move(frames.a);
      snap_.frames[1] = std::move(frames.b);
      snap_.front = 0;
    }
    current_ = 0;
    capacity_ = n;
    setPositions(xyz);
  }

  std::size_t applyGraphDelta(const GraphDeltaView& d) override {
    finishCopy();
    CUDA_CHECK(cudaStreamSynchronize(compute_));  // nothing reads a buffer this may replace
    const std::uint32_t n = d.graph.nodeCount, kept = d.keptCount, n0 = n_;
    const std::uint32_t m = n ? d.graph.offsets[n] : 0;
    std::size_t bytes = 0;
    LaunchContext ctx;
    ctx.stream = compute_;
    // Node arrays grow by the pool's rule; the old slots are copied device to device, so the positions the
    // delta keeps never leave the device. Otherwise everything below happens in place.
    if (n > capacity_) {
      const std::size_t cap = grownCapacity(n);
      DeviceBuffer<float> p0(tracker_, "cuda.positions", 3 * cap), p1(tracker_, "cuda.positions", 3 * cap);
      DeviceBuffer<float> vel(tracker_, "cuda.velocities", 3 * cap), heat(tracker_, "cuda.heat", cap);
      DeviceBuffer<std::uint8_t> pinned(tracker_, "cuda.pinned", cap);
      CUDA_CHECK(cudaMemsetAsync(heat.data(), 0, cap * sizeof(float), compute_));
      if (n0) {
        CUDA_CHECK(cudaMemcpyAsync(p0.data(), pos_[current_].data(), bytes3(), cudaMemcpyDeviceToDevice, compute_));
        CUDA_CHECK(cudaMemcpyAsync(vel.data(), vel_.data(), bytes3(), cudaMemcpyDeviceToDevice, compute_));
        if (heat_.data())
          CUDA_CHECK(cudaMemcpyAsync(heat.data(), heat_.data(), std::size_t(n0) * 4, cudaMemcpyDeviceToDevice, compute_));
      }
      CUDA_CHECK(cudaStreamSynchronize(compute_));
      pos_[0] = std::move(p0);
      pos_[1] = std::move(p1);
      vel_ = std::move(vel);
      heat_ = std::move(heat);
      pinned_ = std::move(pinned);
      current_ = 0;
      capacity_ = static_cast<std::uint32_t>(cap);
    }
    if (!heat_.data() && capacity_) {
      heat_ = DeviceBuffer<float>(tracker_, "cuda.heat", capacity_);
      CUDA_CHECK(cudaMemsetAsync(heat_.data(), 0, std::size_t(capacity_) * 4, compute_));
    }
    float* pos = pos_[current_].data();
    if (d.moveCount) {
      std::uint32_t* moves = pool_.get<std::uint32_t>("cuda.delta.moves", 2 * std::size_t(d.moveCount));
      upload(moves, d.moveTo, std::size_t(d.moveCount) * 4);
      upload(moves + d.moveCount, d.moveFrom, std::size_t(d.moveCount) * 4);
      bytes += std::size_t(d.moveCount) * 8;
      launchMoveNodes(ctx, static_cast<std::int32_t>(d.moveCount), moves, moves + d.moveCount, pos, vel_.data(),
                      heat_.data());
    }
    if (n > kept) {
      upload(pos + std::size_t(3) * kept, d.addedXyz, std::size_t(n - kept) * 12);
      bytes += std::size_t(n - kept) * 12;
      CUDA_CHECK(cudaMemsetAsync(vel_.data() + std::size_t(3) * kept, 0, std::size_t(n - kept) * 12, compute_));
      CUDA_CHECK(cudaMemsetAsync(heat_.data() + kept, 0, std::size_t(n - kept) * 4, compute_));
    }
    bytes += warmOnDevice(ctx, d.warmCount, d.warmNodes, d.warmHeat);
    if (n) {
      upload(pinned_.data(), d.pinned, n);
      bytes += n;
    }
    // The CSR is rebuilt on the host (engine/graph_delta.cc) and only its arrays are uploaded, into buffers
    // that grow like the node arrays.
    if (offsets_.size() < std::size_t(n) + 1)
      offsets_ = DeviceBuffer<std::uint32_t>(tracker_, "cuda.csr.offsets", grownCapacity(std::size_t(n) + 1));
    upload(offsets_.data(), d.graph.offsets, (std::size_t(n) + 1) * 4);
    bytes += (std::size_t(n) + 1) * 4;
    if (targets_.size() < m) targets_ = DeviceBuffer<std::uint32_t>(tracker_, "cuda.csr.targets", grownCapacity(m));
    if (m) upload(targets_.data(), d.graph.targets, std::size_t(m) * 4);
    bytes += std::size_t(m) * 4;
    if (d.graph.weights && m) {
      if (weights_.size() < m) weights_ = DeviceBuffer<float>(tracker_, "cuda.csr.weights", grownCapacity(m));
      upload(weights_.data(), d.graph.weights, std::size_t(m) * 4);
      bytes += std::size_t(m) * 4;
    } else {
      weights_ = DeviceBuffer<float>();  // null weights = all 1 in every kernel
    }
    std::uint32_t maxDegree = 0;
    for (std::uint32_t i = 0; i < n; ++i) maxDegree = std::max(maxDegree, d.graph.offsets[i + 1] - d.graph.offsets[i]);
    HostFrames frames;
    const bool growFrames = snap_.frames[0].size() < std::size_t(3) * n;
    if (growFrames) {
      const std::size_t cap = 3 * grownCapacity(n);
      frames = HostFrames{PinnedHostBuffer<float>(tracker_, "cuda.frames", cap),
                          PinnedHostBuffer<float>(tracker_, "cuda.frames", cap)};
    }
    // The host sources above are the engine's and are released after this call: the uploads land first.
    CUDA_CHECK(cudaStreamSynchronize(compute_));
    pool_.endStep();
    {
      std::lock_guard<std::mutex> lock(snap_.mutex);
      if (growFrames) {
        snap_.frames[0] = std::move(frames.a);
        snap_.frames[1] = std::move(frames.b);
      }
      n_ = n;
      maxDegree_ = maxDegree;
      if (n) std::memcpy(snap_.frames[1 - snap_.front].data(), d.xyz, bytes3());
      snap_.front = 1 - snap_.front;
      ++snap_.seq;
    }
    return bytes;
  }

  void setPositions(const float* xyz) override {
    finishCopy();
    if (n_ && xyz) {
      upload(pos_[current_].data(), xyz, bytes3());
      CUDA_CHECK(cudaMemsetAsync(vel_.data(), 0, bytes3(), compute_));
    }
    publishHost(xyz);
  }

  void setPosition(std::uint32_t node, float x, float y, float z) override {
    if (node >= n_) return;
    finishCopy();
    const float p[3] = {x, y, z};
    upload(pos_[current_].data() + std::size_t(3) * node, p, sizeof p);
    CUDA_CHECK(cudaMemsetAsync(vel_.data() + std::size_t(3) * node, 0, 3 * sizeof(float), compute_));
    // The snapshot gets the one changed node on top of the newest frame.
    std::lock_guard<std::mutex> lock(snap_.mutex);
    float* back = snap_.frames[1 - snap_.front].data();
    std::memcpy(back, snap_.frames[snap_.front].data(), bytes3());
    std::memcpy(back + std::size_t(3) * node, p, sizeof p);
    snap_.front = 1 - snap_.front;
    ++snap_.seq;
  }

  void setPinned(const std::uint8_t* mask) override {
    if (n_) upload(pinned_.data(), mask, n_);
  }

  void warmNodes(std::uint32_t count, const std::uint32_t* nodes, const float* values) override {
    if (!count || !n_) return;
    if (!heat_.data()) {
      finishCopy();
      CUDA_CHECK(cudaStreamSynchronize(compute_));
      heat_ = DeviceBuffer<float>(tracker_, "cuda.heat", capacity_);
      CUDA_CHECK(cudaMemsetAsync(heat_.data(), 0, std::size_t(capacity_) * 4, compute_));
    }
    LaunchContext ctx;
    ctx.stream = compute_;
    warmOnDevice(ctx, count, nodes, values);
  }

  StepOutcome step(const LayoutParams& params, const EngineSwitches& sw, float temperature,
                   const std::atomic<bool>& interrupt) override {
    StepOutcome out;
    pool_.setPooling(sw.deviceMemory);
    LaunchContext ctx;
    ctx.stream = compute_;
    ctx.occupancySizing = sw.launchSizing;
    if (n_ == 0) {
      out.snapshotSeq = publishHost(nullptr);
      return out;
    }
    const std::int32_t n = static_cast<std::int32_t>(n_);
    float* posIn = pos_[current_].data();
    float* posOut = pos_[1 - current_].data();

    // The frame copied after the previous step reads posIn; the nudge of coincident nodes writes it.
    const ForceScratch f = enqueueForces(ctx, params, posIn, /*waitForCopy=*/true, phaseEvents_, &interrupt);
    if (f.interrupted) {  // nothing integrated: positions and the newest frame are the step's start
      CUDA_CHECK(cudaStreamSynchronize(compute_));
      out.interrupted = true;
      out.chunks = ctx.blocksLaunched;
      pool_.endStep();
      return out;
    }
    float* kinetic = pool_.get<float>("cuda.kinetic", n);
    IntegrateParams ip{params.timeStep, params.damping, params.springStrength, params.maxVelocity * temperature,
                       params.dimensions};
    ip.heatMaxVelocity = params.maxVelocity;
    // Heat is read only while some node is warmer than the layout (after a graph delta).
    launchIntegrate(ctx, n, f.forces, f.weightSum, posIn, posOut, vel_.data(), pinned_.data(), ip, kinetic,
                    heatSteps_ ? heat_.data() : nullptr);
    if (heatSteps_ && --heatSteps_ == 0)
      CUDA_CHECK(cudaMemsetAsync(heat_.data(), 0, heat_.size() * sizeof(float), compute_));
    float* sums = pool_.get<float>("cuda.energySums", 2);
    sumFloats(ctx, pool_, "kinetic", kinetic, n, sums);
    sumFloats(ctx, pool_, "potential", f.potential, n, sums + 1);
    CUDA_CHECK(cudaMemcpyAsync(energies_.data(), sums, 2 * sizeof(float), cudaMemcpyDeviceToHost, compute_));
    CUDA_CHECK(cudaEventRecord(phaseEvents_[3], compute_));
    CUDA_CHECK(cudaEventRecord(stepDone_, compute_));
    current_ = 1 - current_;

    const StepFrameCopy frame{compute_, copy_, stepDone_, copyDone_, posOut, bytes3()};
    out.snapshotSeq =
        publishStepFrame(sw.overlappedCopy, snap_, frame, [&] { waitForStep(sw.asyncCompletion); }, &out.copyMs);
    // Every phase event is behind the step, which is done: the times are there to read.
    out.treeMs = elapsedMs(phaseEvents_[0], phaseEvents_[1]);
    out.repulsionMs = elapsedMs(phaseEvents_[1], phaseEvents_[2]);
    out.integrateMs = elapsedMs(phaseEvents_[2], phaseEvents_[3]);
    out.kineticEnergy = double(energies_.data()[0]) / n_;
    out.layoutEnergy = double(energies_.data()[1]);
    out.chunks = ctx.blocksLaunched;
    pool_.endStep();
    return out;
  }

  std::uint64_t readPositions(float* xyz) const override {
    std::unique_lock<std::mutex> lock(snap_.mutex);
    // A read during a step gets the newest frame at once (the double buffer's point); a read right after
    // step() returned waits for that step's frame, which lands within a copy's time. A failed copy stream
    // never calls back: then the newest frame that landed is the answer.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (!snap_.landed.wait_for(lock, kFaultPoll, [&] { return !snap_.frameOwed; })) {
      const cudaError_t e = cudaStreamQuery(copy_);
      if ((e != cudaErrorNotReady && e != cudaSuccess) || std::chrono::steady_clock::now() > deadline) break;
    }
    if (n_) std::memcpy(xyz, snap_.frames[snap_.front].data(), bytes3());
    return snap_.seq;
  }

  void computeForces(const LayoutParams& params, float* fxyz) override {
    if (n_ == 0) return;
    finishCopy();
    LaunchContext ctx;
    ctx.stream = compute_;
    ctx.occupancySizing = true;
    const ForceScratch f = enqueueForces(ctx, params, pos_[current_].data(), /*waitForCopy=*/false, nullptr);
    CUDA_CHECK(cudaMemcpyAsync(fxyz, f.forces, bytes3(), cudaMemcpyDeviceToHost, compute_));
    CUDA_CHECK(cudaStreamSynchronize(compute_));
    pool_.endStep();
  }

  bool labelPropagation(const GraphView& g, std::uint32_t maxIterations, const std::atomic<bool>& cancel,
                        std::uint32_t* labels) override {
    const std::uint32_t n = g.nodeCount;
    if (n == 0) return true;
    // The engine passes its host copy of the graph set last; the device holds the same CSR. A hub's row
    // would cost one GPU thread O(degree^2) every round: such graphs cluster on the CPU, in O(edges).
    if (n != n_ || maxDegree_ > kDeviceLabelMaxDegree) return Backend::labelPropagation(g, maxIterations, cancel, labels);
    finishCopy();
    LaunchContext ctx;
    ctx.stream = compute_;
    std::uint32_t* a = pool_.get<std::uint32_t>("cuda.labels", n);
    std::uint32_t* b = pool_.get<std::uint32_t>("cuda.labelsNext", n);
    std::uint32_t* changed = pool_.get<std::uint32_t>("cuda.labelsChanged", 1);
    for (std::uint32_t i = 0; i < n; ++i) labels[i] = i;
    CUDA_CHECK(cudaMemcpyAsync(a, labels, std::size_t(n) * 4, cudaMemcpyHostToDevice, compute_));
    // Half the nodes update per round, so a round is half a CPU iteration.
    const std::uint32_t rounds = 2 * maxIterations;
    std::uint32_t quietRounds = 0;
    for (std::uint32_t r = 0; r < rounds; ++r) {
      if (cancel.load(std::memory_order_relaxed)) {
        pool_.endStep();
        return false;
      }
      launchLabelRound(ctx, static_cast<std::int32_t>(n), a, b, offsets_.data(), targets_.data(), weights_.data(), r,
                       changed);
      std::uint32_t count = 0;
      CUDA_CHECK(cudaMemcpyAsync(&count, changed, sizeof count, cudaMemcpyDeviceToHost, compute_));
      CUDA_CHECK(cudaStreamSynchronize(compute_));
      std::swap(a, b);
      quietRounds = count == 0 ? quietRounds + 1 : 0;
      if (quietRounds >= 2) break;  // both halves had their turn and nothing moved
    }
    CUDA_CHECK(cudaMemcpyAsync(labels, a, std::size_t(n) * 4, cudaMemcpyDeviceToHost, compute_));
    CUDA_CHECK(cudaStreamSynchronize(compute_));
    pool_.endStep();
    return true;
  }

  bool clustersOnDevice() const override { return maxDegree_ <= kDeviceLabelMaxDegree; }

  DeviceMemoryInfo deviceMemory() const override {
    DeviceMemoryInfo info;
    std::size_t freeBytes = 0, totalBytes = 0;
    if (cudaMemGetInfo(&freeBytes, &totalBytes) == cudaSuccess) {
      info.available = true;
      info.freeBytes = freeBytes;
      info.totalBytes = totalBytes;
    }
    return info;
  }

 private:

  /** Raises the heat of the listed nodes on the device (shared/node_heat.cuh); returns the bytes uploaded. */
  std::size_t warmOnDevice(LaunchContext& ctx, std::uint32_t count, const std::uint32_t* nodes, const float* values) {
    if (!count) return 0;
    std::uint32_t* dNodes = pool_.get<std::uint32_t>("cuda.delta.warmNodes", count);
    float* dValues = pool_.get<float>("cuda.delta.warmHeat", count);
    upload(dNodes, nodes, std::size_t(count) * 4);
    upload(dValues, values, std::size_t(count) * 4);
    launchWarmNodes(ctx, static_cast<std::int32_t>(count), dNodes, dValues, heat_.data());
    heatSteps_ = kHeatSteps;
    return std::size_t(count) * 8;
  }
  struct HostFrames {
    PinnedHostBuffer<float> a, b;
  };

  std::size_t bytes3() const { return std::size_t(3) * n_ * sizeof(float); }

  /** A phase's device time; NaN (and the error cleared) if the driver cannot say: a figure must never
   *  be why the layout leaves the GPU. */
  static double elapsedMs(cudaEvent_t from, cudaEvent_t to) {
    float ms = 0.0f;
    if (cudaEventElapsedTime(&ms, from, to) != cudaSuccess) {
      cudaGetLastError();
      return std::numeric_limits<double>::quiet_NaN();
    }
    return ms;
  }

  /** Host to device on the compute stream, ahead of every kernel enqueued after it. */
  void upload(void* dst, const void* src, std::size_t bytes) {
    CUDA_CHECK(cudaMemcpyAsync(dst, src, bytes, cudaMemcpyHostToDevice, compute_));
  }

  /**
   * Enqueues grid, sort, coincident nudge, tree and every force on `pos` (n > 0). With waitForCopy the
   * nudge first waits for the frame copy that reads `pos` (started after the previous step). With
   * `phaseMarks`, records [0] as the step's work starts, [1] once the tree is built and [2] once repulsion
   * is summed.
   */
  ForceScratch enqueueForces(LaunchContext& ctx, const LayoutParams& params, float* pos, bool waitForCopy,
                             cudaEvent_t* phaseMarks, const std::atomic<bool>* interrupt = nullptr) {
    const std::int32_t n = static_cast<std::int32_t>(n_);
    const int dims = params.dimensions;
    if (phaseMarks) CUDA_CHECK(cudaEventRecord(phaseMarks[0], compute_));
    float* partials = pool_.get<float>("cuda.boundsPartials", 6 * kBoundsMaxBlocks);
    MortonFrame* frame = pool_.get<MortonFrame>("cuda.mortonFrame", 1);
    std::uint64_t* keys = pool_.get<std::uint64_t>("cuda.keys", n);
    std::uint64_t* sortedKeys = pool_.get<std::uint64_t>("cuda.keysSorted", n);
    std::uint32_t* ids = pool_.get<std::uint32_t>("cuda.ids", n);
    std::uint32_t* sortedIds = pool_.get<std::uint32_t>("cuda.idsSorted", n);
    launchMortonFrame(ctx, pos, n, dims, partials, frame);
    launchMortonKeys(ctx, pos, n, dims, frame, keys, ids);
    sortByKey(ctx, pool_, keys, sortedKeys, ids, sortedIds, n, kMortonAxisBits * dims);
    // Only the nudge writes `pos`: the bounds, keys and sort above overlap the previous frame's copy, and
    // the tree phase counts whatever wait is left (it is on the step's critical path).
    if (waitForCopy) CUDA_CHECK(cudaStreamWaitEvent(compute_, copyDone_, 0));
    float4* moved = pool_.get<float4>("cuda.coincident", n);
    launchSeparateCoincident(ctx, pool_, n, dims, sortedKeys, sortedIds, pos, pinned_.data(),
                             1e-3f * params.springLength, moved);

    const std::size_t nodes = 2 * std::size_t(n) - 1;
    const std::size_t internal = n > 1 ? std::size_t(n) - 1 : 1;
    TreeChildren* children = pool_.get<TreeChildren>("cuda.tree.children", internal);
    TreeRange* range = pool_.get<TreeRange>("cuda.tree.range", internal);
    std::uint8_t* prefix = pool_.get<std::uint8_t>("cuda.tree.prefix", internal);
    std::uint32_t* visits = pool_.get<std::uint32_t>("cuda.tree.visits", internal);
    Box* boxes = pool_.get<Box>("cuda.tree.boxes", internal);
    std::int32_t* parent = pool_.get<std::int32_t>("cuda.tree.parent", nodes);
    std::uint8_t* flags = pool_.get<std::uint8_t>("cuda.tree.flags", nodes);
    MassPoint* mass = pool_.get<MassPoint>("cuda.tree.mass", nodes);
    float* rcrit2 = pool_.get<float>("cuda.tree.rcrit2", nodes);
    std::int32_t* groupOf = pool_.get<std::int32_t>("cuda.tree.groupOf", n);
    Box* groupBox = pool_.get<Box>("cuda.tree.groupBox", nodes);
    launchBuildTree(ctx, sortedKeys, n, dims, children, parent, prefix, range, flags);
    launchSummarise(ctx, pos, sortedIds, n, children, parent, visits, range, flags, mass, boxes, rcrit2, params.theta,
                    groupOf, groupBox);
    if (phaseMarks) CUDA_CHECK(cudaEventRecord(phaseMarks[1], compute_));

    ForceScratch f;
    f.forces = pool_.get<Force>("cuda.forces", n);
    f.weightSum = pool_.get<float>("cuda.weightSum", n);
    f.potential = pool_.get<float>("cuda.potential", n);
    const TreeView tree{n, children, range, flags, mass, rcrit2};
    const float eps2 = repulsionSoftening(params.springLength);
    const std::int32_t tile = interrupt ? repulsionTile(n, params.theta) : n;
    for (std::int32_t begin = 0; begin < n; begin += tile) {
      launchRepulsion(ctx, tree, sortedIds, groupOf, groupBox, params.repulsion, eps2, f.forces, f.potential, begin,
                      std::min(n, begin + tile));
      if (tile == n) break;
      CUDA_CHECK(cudaStreamSynchronize(compute_));  // one tile at a time: the flag is read between them
      if (interrupt->load()) {
        f.interrupted = true;
        return f;
      }
    }
    if (phaseMarks) CUDA_CHECK(cudaEventRecord(phaseMarks[2], compute_));
    launchSpringsAndGravity(ctx, n, dims, pos, offsets_.data(), targets_.data(), weights_.data(),
                            params.springStrength, params.springLength, params.gravity, f.forces, f.weightSum,
                            f.potential);
    return f;
  }

  /** Waits for the compute stream: a host callback wakes this thread (on), or a blocking synchronize (off). */
  void waitForStep(bool asyncCompletion) { waitForStream(compute_, stepDone_, stepSignal_, asyncCompletion); }

  /** Waits until no frame copy is in flight (before anything touches the frames or the positions). */
  void finishCopy() {
    CUDA_CHECK(cudaStreamSynchronize(copy_));
    snap_.awaitCopy(copy_);
  }

  /** Publishes host positions (or keeps the frame as it is when xyz is null). */
  std::uint64_t publishHost(const float* xyz) {
    std::lock_guard<std::mutex> lock(snap_.mutex);
    if (n_ && xyz) {
      std::memcpy(snap_.frames[1 - snap_.front].data(), xyz, bytes3());
      snap_.front = 1 - snap_.front;
    }
    return ++snap_.seq;
  }

  MemoryTracker& tracker_;
  DevicePool pool_;
  cudaStream_t compute_ = nullptr;
  cudaStream_t copy_ = nullptr;
  cudaEvent_t stepDone_ = nullptr;
  cudaEvent_t copyDone_ = nullptr;
  cudaEvent_t phaseEvents_[4] = {};  // a step's start, tree built, repulsion summed, end (timed events)
  StreamSignal stepSignal_;

  std::uint32_t n_ = 0;
  std::uint32_t maxDegree_ = 0;  // longest CSR row (label propagation's cost on the device)
  int current_ = 0;  // which of pos_ holds the positions
  DeviceBuffer<float> pos_[2];
  DeviceBuffer<float> vel_;
  DeviceBuffer<float> heat_;      // per-node heat after a graph delta (allocated by the first one)
  std::uint32_t heatSteps_ = 0;   // steps left while heat_ matters
  std::uint32_t capacity_ = 0;    // nodes the per-node device buffers hold (>= n_; grows with deltas)
  DeviceBuffer<std::uint8_t> pinned_;
  DeviceBuffer<std::uint32_t> offsets_, targets_;
  DeviceBuffer<float> weights_;
  PinnedHostBuffer<float> energies_;

  // Snapshots: two pinned frames and the copy into them (overlapped_copy.cuh); n_ is written under its mutex.
  SnapshotFrames snap_;
};

}  // namespace

std::unique_ptr<Backend> makeCudaBackend(MemoryTracker& tracker, std::string* whyNot) {
  int count = 0;
  const cudaError_t e = cudaGetDeviceCount(&count);
  if (e != cudaSuccess || count == 0) {
    if (whyNot) {
      *whyNot = std::string("no CUDA device: ") +
                (e != cudaSuccess ? cudaGetErrorString(e) : "the driver reports 0 devices");
    }
    cudaGetLastError();  // clear the error so it does not resurface elsewhere
    return nullptr;
  }
  try {
    return std::make_unique<CudaBackend>(tracker);
  } catch (const std::exception& ex) {
    if (whyNot) *whyNot = ex.what();
    return nullptr;
  }
}

}  // namespace forcelab
