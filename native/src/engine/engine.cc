#include "engine/engine.h"
#include "thread_priority.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include "engine/graph_delta.h"
#include "engine/graph_validation.h"
#include "engine/initial_positions.h"

namespace forcelab {
namespace {

constexpr uint32_t kLabelIterations = 30;

double msSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

Engine::Engine(const EngineConfig& config)
    : backend_(tracker_, config.backend, config.threads, config.seed, config.background),
      seed_(config.seed),
      background_(config.background) {
  clusterWorker_.setBackground(config.background);
  GraphView empty;
  uint32_t zero = 0;
  empty.offsets = &zero;
  backend_.get().setGraph(empty, nullptr);
  thread_ = std::thread([this] { threadMain(); });
}

Engine::~Engine() { dispose(); }

void Engine::throwIfDisposed() const {
  if (disposed_) throw std::logic_error("the engine was disposed");
}

void Engine::checkNode(uint32_t node, const char* what) const {
  // Against the count after the queued deltas: a pin queued after a delta is applied after it.
  if (node >= queuedNodeCount_.load())
    throw std::out_of_range(std::string(what) + ": node " + std::to_string(node) + " is out of range (nodeCount " +
                            std::to_string(queuedNodeCount_.load()) + ")");
}

// ---- graph ------------------------------------------------------------------------------------------

void Engine::setGraph(uint32_t n, const uint32_t* offsets, size_t offsetsLength, const uint32_t* targets,
                      size_t targetsLength, const float* weights, size_t weightsLength, const float* positions,
                      size_t positionsLength) {
  throwIfDisposed();
  validateGraph(n, offsets, offsetsLength, targets, targetsLength, weights, weightsLength, positions, positionsLength);
  interrupt_ = true;  // a running step of the old graph ends now rather than after its full time
  std::lock_guard<std::mutex> state(stateMutex_);
  const LayoutParams params = edits_.dropEdits();
  // Build the new graph aside and install it only once the backend took it: an allocation failure (a graph
  // too large for the device or host) must leave the engine on the old graph, with its host copy (used by
  // clustering, pins and the CPU fallback) still matching what the backend holds.
  HostGraph next;
  next.nodeCount = n;
  next.offsets = HostBuffer<uint32_t>(tracker_, "graph.offsets", size_t(n) + 1);
  next.targets = HostBuffer<uint32_t>(tracker_, "graph.targets", targetsLength);
  if (weights) next.weights = HostBuffer<float>(tracker_, "graph.weights", targetsLength);
  next.pinned = HostBuffer<uint8_t>(tracker_, "graph.pinned", n);
  std::memcpy(next.offsets.data(), offsets, (size_t(n) + 1) * sizeof(uint32_t));
  if (targetsLength) std::memcpy(next.targets.data(), targets, targetsLength * sizeof(uint32_t));
  if (weights && targetsLength) std::memcpy(next.weights.data(), weights, targetsLength * sizeof(float));
  if (n) std::memset(next.pinned.data(), 0, n);
  {
    HostBuffer<float> seeded(tracker_, "graph.seedPositions", size_t(3) * n);
    seedPositions(n, params, seed_, positions, seeded.data());
    const GraphView view = next.view();
    try {
      backend_.get().setGraph(view, seeded.data());
    } catch (const std::exception& e) {
      // The CUDA backend frees its old graph first, so it holds nothing usable now: continue on the CPU
      // with the new graph, saying why. A CPU failure leaves everything as it was (it swaps in at the end).
      if (std::string(backend_.name()) != "cuda") throw;
      backend_.replaceWithCpu(view, seeded.data(), std::string("CUDA error while loading the graph: ") + e.what());
    }
  }
  {
    std::lock_guard<std::mutex> topology(topologyMutex_);
    graph_ = std::move(next);
    nodeCount_ = n;
  }
  queuedNodeCount_ = n;
  schedule_.newGraph(tracker_, n);
  labels_.newGraph();
  clusterWorker_.cancelAll();  // clusterings of the old graph: nothing would take their labels
  figures_.restart(/*newGraph=*/true);
  tracker_.resetPeak();  // the peak a person reads is this graph's: since it was set
}

// ---- settings and edits -----------------------------------------------------------------------------

void Engine::setParams(const LayoutParams& params) {
  throwIfDisposed();
  if (!edits_.setParams(params)) return;
  interrupt_ = true;  // a step under the old parameters (seconds in exact mode) restarts with the new ones
  applyEditsIfIdle();
}

void Engine::setSwitches(const EngineSwitches& switches) {
  throwIfDisposed();
  edits_.setSwitches(switches);
}

void Engine::setPositions(const float* xyz, size_t length) {
  throwIfDisposed();
  validatePositions(queuedNodeCount_.load(), xyz, length);  // the count after the deltas queued before
  HostBuffer<float> copy(tracker_, "edits.positions", length);
  if (length) std::memcpy(copy.data(), xyz, length * sizeof(float));
  edits_.setPositions(std::move(copy));
  applyEditsIfIdle();
}

void Engine::pin(uint32_t node, const float* xyz) {
  throwIfDisposed();
  checkNode(node, "pin");
  PinEdit e{node, true, xyz != nullptr, {0, 0, 0}};
  if (xyz) {
    for (int d = 0; d < 3; ++d) {
      if (!std::isfinite(xyz[d])) throw std::invalid_argument("pin: position must be 3 finite numbers");
      e.xyz[d] = xyz[d];
    }
  }
  edits_.pin(e);
  applyEditsIfIdle();
}

void Engine::unpin(uint32_t node) {
  throwIfDisposed();
  checkNode(node, "unpin");
  edits_.pin(PinEdit{node, false, false, {0, 0, 0}});
  applyEditsIfIdle();
}

void Engine::reheat() {
  throwIfDisposed();
  edits_.reheat();
  applyEditsIfIdle();
}

void Engine::editGraph(const uint32_t* removeEdges, size_t removeEdgesLength, const uint32_t* removeNodes,
                       size_t removeNodesLength, uint32_t addCount, const float* addPositions,
                       size_t addPositionsLength, const uint32_t* addEdges, size_t addEdgesLength,
                       const float* addWeights, size_t addWeightsLength) {
  throwIfDisposed();
  const uint32_t after = validateGraphDelta(queuedNodeCount_.load(), removeEdges, removeEdgesLength, removeNodes,
                                            removeNodesLength, addCount, addPositions, addPositionsLength, addEdges,
                                            addEdgesLength, addWeights, addWeightsLength);
  GraphDeltaEdit d;
  auto copy = [&](auto& buffer, const char* name, const auto* src, size_t length) {
    using T = std::remove_const_t<std::remove_pointer_t<decltype(src)>>;
    buffer = HostBuffer<T>(tracker_, name, length);
    if (length) std::memcpy(buffer.data(), src, length * sizeof(T));
  };
  copy(d.removeEdges, "edits.delta", removeEdges, removeEdgesLength);
  copy(d.removeNodes, "edits.delta", removeNodes, removeNodesLength);
  copy(d.addEdges, "edits.delta", addEdges, addEdgesLength);
  copy(d.addPositions, "edits.delta", addPositions, addPositionsLength);
  copy(d.addWeights, "edits.delta", addWeights, addWeightsLength);
  d.addCount = addCount;
  edits_.graphDelta(std::move(d));
  queuedNodeCount_ = after;
  applyEditsIfIdle();
}

void Engine::applyEditsIfIdle() {
  // Seq-cst order: an edit queued before this load is seen either here (idle) or by the stepping
  // thread's apply after it clears busy, so no edit waits for a step that never comes.
  if (jobs_.busy()) return;
  std::lock_guard<std::mutex> state(stateMutex_);
  applyEditsLocked();
}

void Engine::applyEditsLocked() {
  const EditBatch edits = edits_.take();
  // A CUDA failure while uploading them moves to the CPU, where they are applied again: none is lost.
  withCpuFallbackLocked("while applying edits", [&] { editApplier_.apply(edits); });
}

// ---- jobs -------------------------------------------------------------------------------------------

uint64_t Engine::submitStep(uint32_t iterations, StepDone done) {
  throwIfDisposed();
  Job job;
  job.iterations = iterations;
  job.stepDone = std::move(done);
  return jobs_.push(std::move(job));
}

uint64_t Engine::submitCluster(ClusterDone done) {
  throwIfDisposed();
  Job job;
  job.cluster = true;
  job.clusterDone = std::move(done);
  return jobs_.push(std::move(job));
}

void Engine::cancel(uint64_t id) {
  if (jobs_.cancel(id)) interrupt_ = true;  // the running job: reach inside the step it is in
  clusterWorker_.cancel(id);                // a clustering already handed to the worker
}

void Engine::threadMain() {
  if (background_) enterBackground();
  Job job;
  while (jobs_.take(&job)) {
    // An exception must not escape this thread (std::terminate would end the whole app) nor leave the
    // job's promise unresolved: the job ends with the error, the engine stays usable.
    std::string error;
    try {
      if (job.cluster)
        runCluster(job);
      else
        runStep(job);
      continue;
    } catch (const std::exception& e) {
      error = e.what();
    }
    finishJob();
    if (job.cluster) {
      ClusterReport failed;
      failed.cancelled = true;
      failed.error = error;
      if (job.clusterDone) job.clusterDone(failed);
    } else {
      StepReport failed;
      failed.cancelled = true;
      failed.error = error;
      if (job.stepDone) job.stepDone(failed);
    }
  }
}

void Engine::runStep(Job& job) {
  StepReport report;
  for (uint32_t it = 0; it < job.iterations; ++it) {
    // Cleared before the edits are taken: an edit after this point interrupts the step that ignores it.
    interrupt_ = false;
    if (job.cancel->load()) {
      report.cancelled = true;
      break;
    }
    std::lock_guard<std::mutex> state(stateMutex_);
    applyEditsLocked();
    LayoutParams params;
    EngineSwitches sw;
    edits_.current(&params, &sw);
    if (schedule_.skips(params, sw)) {
      ++report.skipped;
      figures_.recordSkip();
      continue;
    }
    const uint64_t allocationsBefore = tracker_.allocations();
    const auto t0 = std::chrono::steady_clock::now();
    LayoutParams stepParams = params;
    stepParams.maxVelocity = schedule_.stepMaxVelocity(params, backend_.get(), nodeCount_.load());
    const float temperature = schedule_.temperature();
    const StepOutcome o = withCpuFallbackLocked(
        "during a step", [&] { return backend_.get().step(stepParams, sw, temperature, interrupt_); });
    if (o.interrupted) {
      --it;  // not a step: it runs again with whatever interrupted it (or the loop ends on a cancel)
      continue;
    }
    const double wallMs = msSince(t0);
    schedule_.afterStep(params, o.kineticEnergy);
    ++report.stepped;
    report.energy = o.layoutEnergy;
    lastSeq_ = o.snapshotSeq;
    StepMeasure m;
    // copyMs is the stepping thread's own time publishing the frame, after the computation: with the copy
    // overlapped that is only a hand-over, without it the whole copy. A frame costs the step plus it.
    m.frameMs = wallMs;
    m.stepMs = wallMs > o.copyMs ? wallMs - o.copyMs : 0;
    m.copyMs = o.copyMs;
    m.allocations = double(tracker_.allocations() - allocationsBefore);
    m.chunks = o.chunks;
    m.kineticEnergy = o.kineticEnergy;
    m.layoutEnergy = o.layoutEnergy;
    m.treeMs = o.treeMs;
    m.repulsionMs = o.repulsionMs;
    m.integrateMs = o.integrateMs;
    m.temperature = schedule_.temperature();
    m.settled = schedule_.settled(params);
    figures_.recordStep(m);
  }
  if (report.stepped == 0) report.energy = figures_.energy();
  report.seq = lastSeq_;
  finishJob();
  if (job.stepDone) job.stepDone(report);
}

void Engine::runCluster(Job& job) {
  bool onDevice;
  {
    std::lock_guard<std::mutex> state(stateMutex_);
    onDevice = backend_.get().clustersOnDevice();
  }
  if (!onDevice && nodeCount_.load() > 0) {
    clusterBesideLayout(job);
    return;
  }
  ClusterReport report;
  {
    std::lock_guard<std::mutex> state(stateMutex_);
    const uint32_t n = nodeCount_.load();
    HostBuffer<uint32_t> raw(tracker_, "labels.raw", n);
    const GraphView view = graph_.view();
    const bool done = withCpuFallbackLocked("during clustering", [&] {
      return n == 0 || backend_.get().labelPropagation(view, kLabelIterations, *job.cancel, raw.data());
    });
    // The graph cannot change meanwhile (setGraph takes the state lock): these labels are current.
    if (!done || !labels_.publish(std::move(raw), labels_.generation(), &report.version)) report.cancelled = true;
  }
  finishJob();
  if (job.clusterDone) job.clusterDone(report);
}

void Engine::clusterBesideLayout(Job& job) {
  // The CPU's label propagation runs on the cluster worker from a copy of the graph, so the stepping thread
  // goes straight back to the layout. (On the device, clustering takes milliseconds: it stays a queued job.)
  // Its cost grows with the graph, not with the backend: a CUDA engine whose graph the device does not
  // cluster (a hub, see Backend::clustersOnDevice) comes here too.
  ClusterWorker::Task task;
  uint64_t generation;
  {
    std::lock_guard<std::mutex> state(stateMutex_);
    const uint32_t n = nodeCount_.load();
    task.nodeCount = n;
    task.offsets = HostBuffer<uint32_t>(tracker_, "cluster.offsets", size_t(n) + 1);
    task.targets = HostBuffer<uint32_t>(tracker_, "cluster.targets", graph_.targets.size());
    if (graph_.weights.size()) task.weights = HostBuffer<float>(tracker_, "cluster.weights", graph_.weights.size());
    task.labels = HostBuffer<uint32_t>(tracker_, "labels.raw", n);
    std::memcpy(task.offsets.data(), graph_.offsets.data(), (size_t(n) + 1) * sizeof(uint32_t));
    if (graph_.targets.size())
      std::memcpy(task.targets.data(), graph_.targets.data(), graph_.targets.size() * sizeof(uint32_t));
    if (graph_.weights.size())
      std::memcpy(task.weights.data(), graph_.weights.data(), graph_.weights.size() * sizeof(float));
    generation = labels_.generation();
  }
  task.id = job.id;
  task.cancel = job.cancel;
  task.maxIterations = kLabelIterations;
  task.finish = [this, generation, done = std::move(job.clusterDone)](ClusterWorker::Task& t, bool completed,
                                                                      const std::string& error) {
    ClusterReport report;
    report.error = error;
    report.cancelled = !completed;
    // Labels of a graph replaced meanwhile describe the old one: dropped, and the job counts as cancelled.
    if (completed && !labels_.publish(std::move(t.labels), generation, &report.version)) report.cancelled = true;
    t.offsets.reset();  // free the copy (and labels nobody took) before anyone hears it is done
    t.targets.reset();
    t.weights.reset();
    t.labels.reset();
    if (done) done(report);
  };
  // Handed over before this job stops being the running one: a cancel in between reaches the shared flag.
  clusterWorker_.submit(std::move(task));
  finishJob();
}

void Engine::finishJob() {
  jobs_.finishRunning();
  // Edits queued while the job ran (see applyEditsIfIdle for why busy is cleared first).
  std::lock_guard<std::mutex> state(stateMutex_);
  try {
    applyEditsLocked();  // a CUDA failure already moved to the CPU there; this is past even that
  } catch (const std::exception& e) {
    // Nothing may escape the stepping thread (std::terminate); the job's own result is already decided.
    std::fprintf(stderr, "forcelab engine: edits could not be applied: %s\n", e.what());
  }
}

// ---- reads ------------------------------------------------------------------------------------------

uint64_t Engine::readPositions(float* out, size_t length) const {
  throwIfDisposed();
  std::lock_guard<std::mutex> topology(topologyMutex_);
  if (length < size_t(3) * nodeCount_.load())
    throw std::invalid_argument("positions buffer holds " + std::to_string(length) + " floats, needs " +
                                std::to_string(size_t(3) * nodeCount_.load()));
  return backend_.readPositions(out);
}

bool Engine::readLabels(uint32_t* out, size_t length, uint64_t* version, uint32_t* clusters) {
  throwIfDisposed();
  return labels_.read(out, length, nodeCount_.load(), switches().labelCache, figures_, version, clusters);
}

void Engine::computeForces(const LayoutParams& params, float* out, size_t length) {
  throwIfDisposed();
  std::lock_guard<std::mutex> state(stateMutex_);
  if (length != size_t(3) * nodeCount_.load()) throw std::invalid_argument("forces buffer must hold 3 floats per node");
  withCpuFallbackLocked("while computing forces", [&] { backend_.get().computeForces(params, out); });
}

EngineStatsView Engine::stats() const {
  throwIfDisposed();
  EngineStatsView v = figures_.view();
  v.backend = backend_.name();
  return v;
}

// ---- dispose ----------------------------------------------------------------------------------------

void Engine::dispose() {
  if (disposed_.exchange(true)) return;
  jobs_.stop();
  interrupt_ = true;
  if (thread_.joinable()) thread_.join();
  clusterWorker_.stop();  // after the stepping thread, which may have handed it one more task
  backend_.release();
  graph_.release();
  schedule_.release();
  edits_.dropEdits();
  labels_.release();
  nodeCount_ = 0;
  queuedNodeCount_ = 0;
}

}  // namespace forcelab
