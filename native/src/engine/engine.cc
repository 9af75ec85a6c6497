#include "engine/engine.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <stdexcept>

#include "engine/initial_positions.h"
#include "engine/label_map.h"
#include "engine/step_limit.h"

namespace forcelab {
namespace {

constexpr uint32_t kWarmupSteps = 50;          // the stability gate never skips these after a (re)heat
constexpr float kSettledTemperature = 0.01f;   // below this the cooling schedule has run its course
constexpr uint32_t kLabelIterations = 30;

double msSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

Engine::Engine(const EngineConfig& config) : seed_(config.seed), threads_(config.threads) {
  if (config.backend != "auto" && config.backend != "cpu" && config.backend != "cuda")
    throw std::invalid_argument("backend must be 'auto', 'cpu' or 'cuda', got '" + config.backend + "'");
  if (config.backend != "cpu") {
    std::string whyNot;
    try {
      backend_ = makeCudaBackend(tracker_, &whyNot);
    } catch (const std::exception& e) {  // a CUDA failure must not take the engine down: use the CPU
      backend_.reset();
      whyNot = std::string("CUDA backend failed: ") + e.what();
    }
    if (!backend_) fallbackReason_ = whyNot.empty() ? "no CUDA device" : whyNot;
  }
  if (!backend_) backend_ = makeCpuBackend(tracker_, config.threads);
  backendName_ = backend_->name();
  GraphView empty;
  uint32_t zero = 0;
  empty.offsets = &zero;
  backend_->setGraph(empty, nullptr);
  thread_ = std::thread([this] { threadMain(); });
}

Engine::~Engine() { dispose(); }

void Engine::throwIfDisposed() const {
  if (disposed_) throw std::logic_error("the engine was disposed");
}

void Engine::checkNode(uint32_t node, const char* what) const {
  if (node >= nodeCount_.load())
    throw std::out_of_range(std::string(what) + ": node " + std::to_string(node) + " is out of range (nodeCount " +
                            std::to_string(nodeCount_.load()) + ")");
}

void Engine::setGraph(uint32_t n, const uint32_t* offsets, size_t offsetsLength, const uint32_t* targets,
                      size_t targetsLength, const float* weights, size_t weightsLength, const float* positions,
                      size_t positionsLength) {
  throwIfDisposed();
  if (offsetsLength != size_t(n) + 1)
    throw std::invalid_argument("graph offsets must have nodeCount + 1 = " + std::to_string(size_t(n) + 1) +
                                " entries, got " + std::to_string(offsetsLength));
  if (offsets[0] != 0) throw std::invalid_argument("graph offsets[0] must be 0, got " + std::to_string(offsets[0]));
  for (uint32_t i = 0; i < n; ++i)
    if (offsets[i + 1] < offsets[i])
      throw std::invalid_argument("graph offsets must not decrease: offsets[" + std::to_string(i + 1) + "] = " +
                                  std::to_string(offsets[i + 1]) + " < offsets[" + std::to_string(i) + "] = " +
                                  std::to_string(offsets[i]));
  if (offsets[n] != targetsLength)
    throw std::invalid_argument("graph offsets[nodeCount] = " + std::to_string(offsets[n]) + " but targets has " +
                                std::to_string(targetsLength) + " entries");
  for (uint32_t i = 0; i < n; ++i)
    for (uint32_t k = offsets[i]; k < offsets[i + 1]; ++k)
      if (targets[k] >= n)
        throw std::invalid_argument("graph targets[" + std::to_string(k) + "] = " + std::to_string(targets[k]) +
                                    " (an edge of node " + std::to_string(i) + ") is not a node id: nodeCount is " +
                                    std::to_string(n));
  if (weights) {
    if (weightsLength != targetsLength)
      throw std::invalid_argument("graph weights must have one entry per target (" + std::to_string(targetsLength) +
                                  "), got " + std::to_string(weightsLength));
    for (size_t k = 0; k < weightsLength; ++k)
      if (!std::isfinite(weights[k]) || weights[k] < 0)
        throw std::invalid_argument("graph weights[" + std::to_string(k) + "] must be a finite number >= 0, got " +
                                    std::to_string(weights[k]));
  }
  if (positions) {
    if (positionsLength != size_t(3) * n)
      throw std::invalid_argument("positions must have 3 numbers per node (" + std::to_string(size_t(3) * n) +
                                  "), got " + std::to_string(positionsLength));
    for (size_t k = 0; k < positionsLength; ++k)
      if (std::isinf(positions[k]))
        throw std::invalid_argument("positions[" + std::to_string(k) + "] is infinite");
  }

  interrupt_ = true;  // a running step of the old graph ends now rather than after its full time
  std::lock_guard<std::mutex> state(stateMutex_);
  LayoutParams params;
  {
    std::lock_guard<std::mutex> lock(editMutex_);
    pinEdits_.clear();
    positionEdit_.reset();
    reheatEdit_ = false;
    params = params_;
  }
  // Build the new graph aside and install it only once the backend took it: an allocation failure (a graph
  // too large for the device or host) must leave the engine on the old graph, with its host copy (used by
  // clustering, pins and the CPU fallback) still matching what the backend holds.
  HostBuffer<uint32_t> newOffsets(tracker_, "graph.offsets", size_t(n) + 1);
  HostBuffer<uint32_t> newTargets(tracker_, "graph.targets", targetsLength);
  HostBuffer<float> newWeights = weights ? HostBuffer<float>(tracker_, "graph.weights", targetsLength) : HostBuffer<float>();
  HostBuffer<uint8_t> newPinned(tracker_, "graph.pinned", n);
  HostBuffer<float> newExtent(tracker_, "engine.extentPositions", size_t(3) * n);
  std::memcpy(newOffsets.data(), offsets, (size_t(n) + 1) * sizeof(uint32_t));
  if (targetsLength) std::memcpy(newTargets.data(), targets, targetsLength * sizeof(uint32_t));
  if (weights && targetsLength) std::memcpy(newWeights.data(), weights, targetsLength * sizeof(float));
  if (n) std::memset(newPinned.data(), 0, n);
  {
    HostBuffer<float> seeded(tracker_, "graph.seedPositions", size_t(3) * n);
    seedPositions(n, params, seed_, positions, seeded.data());
    GraphView view{n, newOffsets.data(), newTargets.data(), newWeights.size() ? newWeights.data() : nullptr};
    try {
      backend_->setGraph(view, seeded.data());
    } catch (const std::exception& e) {
      // The CUDA backend frees its old graph first, so it holds nothing usable now: continue on the CPU
      // with the new graph, saying why. A CPU failure leaves everything as it was (it swaps in at the end).
      if (std::string(backend_->name()) != "cuda") throw;
      std::unique_ptr<Backend> cpu = makeCpuBackend(tracker_, threads_);
      cpu->setGraph(view, seeded.data());
      std::unique_ptr<Backend> old;
      {
        std::lock_guard<std::mutex> lock(backendMutex_);
        old = std::move(backend_);
        backend_ = std::move(cpu);
        fallbackReason_ = std::string("CUDA error while loading the graph: ") + e.what();
        backendName_ = backend_->name();
      }
    }
  }
  offsets_ = std::move(newOffsets);
  targets_ = std::move(newTargets);
  weights_ = std::move(newWeights);
  pinned_ = std::move(newPinned);
  nodeCount_ = n;
  extentPositions_ = std::move(newExtent);
  extentAge_ = kExtentRefreshSteps;
  widenSteps_ = true;  // a new start may be far from untangled
  {
    std::lock_guard<std::mutex> lock(labelMutex_);
    rawLabels_.reset();
    compactLabels_.reset();
    ++labelVersion_;
    ++graphGeneration_;
    clusterWorker_.cancelAll();  // clusterings of the old graph: nothing would take their labels
    clusterCount_ = 0;
  }
  temperature_ = 1.0f;
  sinceReheat_ = 0;
  moved_ = false;
  lastKinetic_ = 0;
  figures_.restart(/*newGraph=*/true);
  tracker_.resetPeak();  // the peak a person reads is this graph's: since it was set
}

void Engine::setParams(const LayoutParams& params) {
  throwIfDisposed();
  {
    std::lock_guard<std::mutex> lock(editMutex_);
    if (std::memcmp(&params, &params_, sizeof(LayoutParams)) == 0) return;
    params_ = params;
    reheatEdit_ = true;  // a person changed something: the layout should respond
  }
  interrupt_ = true;  // a step under the old parameters (seconds in exact mode) restarts with the new ones
  applyEditsIfIdle();
}

LayoutParams Engine::params() const {
  std::lock_guard<std::mutex> lock(editMutex_);
  return params_;
}

void Engine::setSwitches(const EngineSwitches& switches) {
  throwIfDisposed();
  std::lock_guard<std::mutex> lock(editMutex_);
  switches_ = switches;
}

EngineSwitches Engine::switches() const {
  std::lock_guard<std::mutex> lock(editMutex_);
  return switches_;
}

uint64_t Engine::submitStep(uint32_t iterations, StepDone done) {
  throwIfDisposed();
  Job job;
  job.iterations = iterations;
  job.cancel = std::make_shared<std::atomic<bool>>(false);
  job.stepDone = std::move(done);
  std::lock_guard<std::mutex> lock(jobMutex_);
  job.id = nextJobId_++;
  uint64_t id = job.id;
  jobs_.push_back(std::move(job));
  jobCv_.notify_one();
  return id;
}

uint64_t Engine::submitCluster(ClusterDone done) {
  throwIfDisposed();
  Job job;
  job.cluster = true;
  job.cancel = std::make_shared<std::atomic<bool>>(false);
  job.clusterDone = std::move(done);
  std::lock_guard<std::mutex> lock(jobMutex_);
  job.id = nextJobId_++;
  uint64_t id = job.id;
  jobs_.push_back(std::move(job));
  jobCv_.notify_one();
  return id;
}

void Engine::cancel(uint64_t id) {
  std::lock_guard<std::mutex> lock(jobMutex_);
  for (Job& job : jobs_)
    if (job.id == id) job.cancel->store(true);
  // The running job was popped from the queue; it checks this flag between iterations.
  if (runningCancel_ && runningId_ == id) {
    runningCancel_->store(true);
    interrupt_ = true;  // and inside the step it is in
  }
  clusterWorker_.cancel(id);  // a clustering already handed to the worker
}

void Engine::threadMain() {
  for (;;) {
    Job job;
    {
      std::unique_lock<std::mutex> lock(jobMutex_);
      jobCv_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) return;  // stopping with nothing left
      job = std::move(jobs_.front());
      jobs_.pop_front();
      if (stopping_) job.cancel->store(true);
      runningCancel_ = job.cancel;
      runningId_ = job.id;
      busy_ = true;
    }
    // An exception must not escape this thread (std::terminate would end the whole app) nor leave the
    // job's promise unresolved: the job ends with the error, the engine stays usable.
    std::string error;
    try {
      if (job.cluster) {
        runCluster(job);
      } else {
        runStep(job);
      }
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
    {
      std::lock_guard<std::mutex> lock(editMutex_);
      params = params_;
      sw = switches_;
    }
    const bool gateOpen = sinceReheat_ >= kWarmupSteps && moved_;
    if (sw.stabilityGate && gateOpen && lastKinetic_ < params.stabilityThreshold) {
      ++report.skipped;
      figures_.recordSkip();
      continue;
    }
    const uint64_t allocationsBefore = tracker_.allocations();
    auto t0 = std::chrono::steady_clock::now();
    LayoutParams stepParams = params;
    stepParams.maxVelocity = widenedMaxVelocity(params.maxVelocity, temperature_, currentExtentLocked());
    const StepOutcome o = withCpuFallbackLocked(
        "during a step", [&] { return backend_->step(stepParams, sw, temperature_, interrupt_); });
    if (o.interrupted) {
      --it;  // not a step: it runs again with whatever interrupted it (or the loop ends on a cancel)
      continue;
    }
    ++extentAge_;
    const double wallMs = msSince(t0);
    const uint64_t allocations = tracker_.allocations() - allocationsBefore;
    temperature_ *= params.cooling;
    ++sinceReheat_;
    lastKinetic_ = o.kineticEnergy;
    if (o.kineticEnergy > 0) moved_ = true;
    ++report.stepped;
    report.energy = o.layoutEnergy;
    lastSeq_ = o.snapshotSeq;
    StepMeasure m;
    // copyMs is the stepping thread's own time publishing the frame, after the computation: with the copy
    // overlapped that is only a hand-over, without it the whole copy. A frame costs the step plus it.
    m.frameMs = wallMs;
    m.stepMs = wallMs > o.copyMs ? wallMs - o.copyMs : 0;
    m.copyMs = o.copyMs;
    m.allocations = double(allocations);
    m.chunks = o.chunks;
    m.kineticEnergy = o.kineticEnergy;
    m.layoutEnergy = o.layoutEnergy;
    m.treeMs = o.treeMs;
    m.repulsionMs = o.repulsionMs;
    m.integrateMs = o.integrateMs;
    m.temperature = temperature_;
    m.settled = temperature_ < kSettledTemperature ||
                (sinceReheat_ >= kWarmupSteps && moved_ && o.kineticEnergy < params.stabilityThreshold);
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
    onDevice = backend_->clustersOnDevice();
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
    GraphView view{n, offsets_.data(), targets_.data(), weights_.size() ? weights_.data() : nullptr};
    const bool done = withCpuFallbackLocked("during clustering", [&] {
      return n == 0 || backend_->labelPropagation(view, kLabelIterations, *job.cancel, raw.data());
    });
    if (done) {
      std::lock_guard<std::mutex> lock(labelMutex_);
      rawLabels_ = std::move(raw);
      report.version = ++labelVersion_;
    } else {
      report.cancelled = true;
    }
  }
  finishJob();
  if (job.clusterDone) job.clusterDone(report);
}

float Engine::currentExtentLocked() {
  const uint32_t n = nodeCount_.load();
  if (n == 0 || !widenSteps_ || extentWeight(temperature_) == 0.0f) return 0.0f;  // not needed: no read-back
  if (extentAge_ >= kExtentRefreshSteps) {
    backend_->readPositions(extentPositions_.data());
    extentRms_ = rmsRadius(extentPositions_.data(), n);
    extentAge_ = 0;
  }
  return extentRms_;
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
    task.targets = HostBuffer<uint32_t>(tracker_, "cluster.targets", targets_.size());
    if (weights_.size()) task.weights = HostBuffer<float>(tracker_, "cluster.weights", weights_.size());
    task.labels = HostBuffer<uint32_t>(tracker_, "labels.raw", n);
    std::memcpy(task.offsets.data(), offsets_.data(), (size_t(n) + 1) * sizeof(uint32_t));
    if (targets_.size()) std::memcpy(task.targets.data(), targets_.data(), targets_.size() * sizeof(uint32_t));
    if (weights_.size()) std::memcpy(task.weights.data(), weights_.data(), weights_.size() * sizeof(float));
    std::lock_guard<std::mutex> lock(labelMutex_);
    generation = graphGeneration_;
  }
  task.id = job.id;
  task.cancel = job.cancel;
  task.maxIterations = kLabelIterations;
  task.finish = [this, generation, done = std::move(job.clusterDone)](ClusterWorker::Task& t, bool completed,
                                                                      const std::string& error) {
    ClusterReport report;
    report.error = error;
    report.cancelled = !completed;
    if (completed) {
      std::lock_guard<std::mutex> lock(labelMutex_);
      if (generation == graphGeneration_) {
        rawLabels_ = std::move(t.labels);
        report.version = ++labelVersion_;
      } else {
        report.cancelled = true;  // the graph was replaced meanwhile: these labels describe the old one
      }
    }
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
  {
    std::lock_guard<std::mutex> lock(jobMutex_);
    runningCancel_.reset();
    runningId_ = 0;
  }
  // Edits queued while the job ran: see applyEditsIfIdle for why busy_ is cleared first.
  busy_ = false;
  std::lock_guard<std::mutex> state(stateMutex_);
  try {
    applyEditsLocked();  // a CUDA failure already moved to the CPU there; this is past even that
  } catch (const std::exception& e) {
    // Nothing may escape the stepping thread (std::terminate); the job's own result is already decided.
    std::fprintf(stderr, "forcelab engine: edits could not be applied: %s\n", e.what());
  }
}

void Engine::applyEditsIfIdle() {
  // Seq-cst order: an edit queued before this load is seen either here (idle) or by the stepping
  // thread's apply after it clears busy_, so no edit waits for a step that never comes.
  if (busy_.load()) return;
  std::lock_guard<std::mutex> state(stateMutex_);
  applyEditsLocked();
}

void Engine::applyEditsLocked() {
  EditBatch edits;
  {
    std::lock_guard<std::mutex> lock(editMutex_);
    edits.pins.swap(pinEdits_);
    edits.positions = std::move(positionEdit_);
    edits.reheat = reheatEdit_;
    reheatEdit_ = false;
  }
  // A CUDA failure while uploading them moves to the CPU, where they are applied again: none is lost.
  withCpuFallbackLocked("while applying edits", [&] { applyEditBatchLocked(edits); });
}

void Engine::applyEditBatchLocked(const EditBatch& edits) {
  const std::vector<PinEdit>& pins = edits.pins;
  const HostBuffer<float>& positions = edits.positions;
  const bool reheat = edits.reheat;
  const uint32_t n = nodeCount_.load();
  const bool newPositions = positions.size() == size_t(3) * n && n;
  if (newPositions) backend_->setPositions(positions.data());
  bool pinsChanged = false;
  for (const PinEdit& e : pins) {
    if (e.node >= n) continue;  // queued before a new graph replaced the old one
    pinned_[e.node] = e.pinned;
    if (e.hasPosition) backend_->setPosition(e.node, e.xyz[0], e.xyz[1], e.xyz[2]);
    pinsChanged = true;
  }
  if (pinsChanged) backend_->setPinned(pinned_.data());
  if (reheat || pinsChanged || positions.size()) {
    // Only new positions may need untangling (an edit before their first step keeps that); a drag, pin or
    // parameter change reheats an untangled layout, where long steps would only fling close nodes apart.
    widenSteps_ = newPositions || (widenSteps_ && sinceReheat_ == 0);
    temperature_ = 1.0f;
    sinceReheat_ = 0;
    extentAge_ = kExtentRefreshSteps;
    figures_.restart(/*newGraph=*/false);
  }
}

uint64_t Engine::readPositions(float* out, size_t length) const {
  throwIfDisposed();
  if (length < size_t(3) * nodeCount_.load())
    throw std::invalid_argument("positions buffer holds " + std::to_string(length) + " floats, needs " +
                                std::to_string(size_t(3) * nodeCount_.load()));
  std::lock_guard<std::mutex> lock(backendMutex_);
  return backend_->readPositions(out);
}

void Engine::fallBackToCpuLocked(const std::string& why) {
  const uint32_t n = nodeCount_.load();
  // Keep the layout where it was: the newest host snapshot, or reseed where even that is unreadable.
  HostBuffer<float> xyz(tracker_, "fallback.positions", size_t(3) * n);
  bool havePositions = false;
  try {
    backend_->readPositions(xyz.data());
    havePositions = true;
  } catch (const std::exception&) {
  }
  LayoutParams params;
  {
    std::lock_guard<std::mutex> lock(editMutex_);
    params = params_;
  }
  if (!havePositions) seedPositions(n, params, seed_, nullptr, xyz.data());
  std::unique_ptr<Backend> cpu = makeCpuBackend(tracker_, threads_);
  GraphView view{n, offsets_.data(), targets_.data(), weights_.size() ? weights_.data() : nullptr};
  cpu->setGraph(view, xyz.data());
  if (n) cpu->setPinned(pinned_.data());
  std::unique_ptr<Backend> old;
  {
    std::lock_guard<std::mutex> lock(backendMutex_);
    old = std::move(backend_);
    backend_ = std::move(cpu);
    fallbackReason_ = why;
    backendName_ = backend_->name();
  }
  old.reset();  // frees its device buffers (their destructors ignore errors from a broken context)
}

void Engine::setPositions(const float* xyz, size_t length) {
  throwIfDisposed();
  const uint32_t n = nodeCount_.load();
  if (length != size_t(3) * n)
    throw std::invalid_argument("positions must have 3 numbers per node (" + std::to_string(size_t(3) * n) +
                                "), got " + std::to_string(length));
  for (size_t k = 0; k < length; ++k)
    if (!std::isfinite(xyz[k])) throw std::invalid_argument("positions[" + std::to_string(k) + "] is not finite");
  HostBuffer<float> copy(tracker_, "edits.positions", length);
  if (length) std::memcpy(copy.data(), xyz, length * sizeof(float));
  {
    std::lock_guard<std::mutex> lock(editMutex_);
    positionEdit_ = std::move(copy);
  }
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
  {
    std::lock_guard<std::mutex> lock(editMutex_);
    pinEdits_.push_back(e);
  }
  applyEditsIfIdle();
}

void Engine::unpin(uint32_t node) {
  throwIfDisposed();
  checkNode(node, "unpin");
  {
    std::lock_guard<std::mutex> lock(editMutex_);
    pinEdits_.push_back(PinEdit{node, false, false, {0, 0, 0}});
  }
  applyEditsIfIdle();
}

void Engine::reheat() {
  throwIfDisposed();
  {
    std::lock_guard<std::mutex> lock(editMutex_);
    reheatEdit_ = true;
  }
  applyEditsIfIdle();
}

bool Engine::readLabels(uint32_t* out, size_t length, uint64_t* version, uint32_t* clusters) {
  throwIfDisposed();
  const bool useCache = switches().labelCache;
  std::lock_guard<std::mutex> lock(labelMutex_);
  const uint32_t n = static_cast<uint32_t>(rawLabels_.size());
  if (rawLabels_.size() == 0 && nodeCount_.load() != 0) return false;
  if (length < n) throw std::invalid_argument("labels buffer too small");
  if (useCache && cachedVersion_ == labelVersion_ && compactLabels_.size() == n) {
    figures_.recordLabelMap(/*hit=*/true, 0);
  } else {
    auto t0 = std::chrono::steady_clock::now();
    if (compactLabels_.size() != n) compactLabels_ = HostBuffer<uint32_t>(tracker_, "labels.compact", n);
    clusterCount_ = compactLabels(tracker_, rawLabels_.data(), n, compactLabels_.data());
    cachedVersion_ = labelVersion_;
    figures_.recordLabelMap(/*hit=*/false, msSince(t0));
  }
  if (n) std::memcpy(out, compactLabels_.data(), size_t(n) * sizeof(uint32_t));
  *version = labelVersion_;
  *clusters = clusterCount_;
  return true;
}

void Engine::computeForces(const LayoutParams& params, float* out, size_t length) {
  throwIfDisposed();
  std::lock_guard<std::mutex> state(stateMutex_);
  if (length != size_t(3) * nodeCount_.load()) throw std::invalid_argument("forces buffer must hold 3 floats per node");
  withCpuFallbackLocked("while computing forces", [&] { backend_->computeForces(params, out); });
}

EngineStatsView Engine::stats() const {
  throwIfDisposed();
  EngineStatsView v = figures_.view();
  v.backend = backendName_.load();
  return v;
}

DeviceMemoryInfo Engine::deviceMemory() const {
  std::lock_guard<std::mutex> lock(backendMutex_);
  return backend_ ? backend_->deviceMemory() : DeviceMemoryInfo{};
}

void Engine::dispose() {
  if (disposed_.exchange(true)) return;
  {
    std::lock_guard<std::mutex> lock(jobMutex_);
    stopping_ = true;
    for (Job& job : jobs_) job.cancel->store(true);
    if (runningCancel_) runningCancel_->store(true);
    interrupt_ = true;
  }
  jobCv_.notify_all();
  if (thread_.joinable()) thread_.join();
  clusterWorker_.stop();  // after the stepping thread, which may have handed it one more task
  backend_.reset();
  offsets_.reset();
  targets_.reset();
  weights_.reset();
  pinned_.reset();
  extentPositions_.reset();
  positionEdit_.reset();
  rawLabels_.reset();
  compactLabels_.reset();
  nodeCount_ = 0;
}

}  // namespace forcelab
