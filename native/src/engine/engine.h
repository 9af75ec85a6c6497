// The engine core behind the Node-API binding: one backend (CUDA or CPU), its own persistent stepping
// thread with a job queue, the cooling schedule, the stability gate, pins, seeding, validation, label
// clustering with the label cache, and the live figures of the engine switches.
//
// Threading: the JS thread calls everything here; jobs (steps, clustering) run on the stepping thread.
// Edits that may arrive while a step runs (params, switches, pins, positions, reheat) are queued and
// applied between iterations; setGraph and computeForces wait for the running iteration to end.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "backend.h"
#include "engine/cluster_worker.h"
#include "engine/figures.h"
#include "memory_tracker.h"

namespace forcelab {

struct EngineConfig {
  std::string backend = "auto";  // auto | cpu | cuda
  uint64_t seed = 1;
  unsigned threads = 0;  // 0 = all cores
};

struct StepReport {
  uint32_t stepped = 0;
  uint32_t skipped = 0;
  bool cancelled = false;
  double energy = 0;
  uint64_t seq = 0;
  std::string error;  // set when the step failed (the job ended early); the binding rejects with it
};

struct ClusterReport {
  bool cancelled = false;
  uint64_t version = 0;
  std::string error;  // set when clustering failed
};

class Engine {
 public:
  using StepDone = std::function<void(const StepReport&)>;
  using ClusterDone = std::function<void(const ClusterReport&)>;

  explicit Engine(const EngineConfig& config);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Both may change once, on the stepping thread, when a CUDA error moves the engine to the CPU.
  const char* backendName() const { return backendName_.load(); }
  std::string fallbackReason() const {
    std::lock_guard<std::mutex> lock(backendMutex_);
    return fallbackReason_;
  }

  /** Validates and installs a graph (throws std::invalid_argument naming what is wrong). positions:
   *  nullptr or 3 floats per node, NaN = seed this node. */
  void setGraph(uint32_t nodeCount, const uint32_t* offsets, size_t offsetsLength, const uint32_t* targets,
                size_t targetsLength, const float* weights, size_t weightsLength, const float* positions,
                size_t positionsLength);
  uint32_t nodeCount() const { return nodeCount_.load(); }

  void setParams(const LayoutParams& params);  // already validated (assignParam)
  LayoutParams params() const;
  void setSwitches(const EngineSwitches& switches);
  EngineSwitches switches() const;

  /** Queues `iterations` steps; done runs on the stepping thread. Returns a job id for cancel(). */
  uint64_t submitStep(uint32_t iterations, StepDone done);
  uint64_t submitCluster(ClusterDone done);
  void cancel(uint64_t job);

  uint64_t readPositions(float* out, size_t length) const;
  void setPositions(const float* xyz, size_t length);
  void pin(uint32_t node, const float* xyz);
  void unpin(uint32_t node);
  void reheat();

  /** Compact labels of the newest clustering into out (n entries). false when there is none. */
  bool readLabels(uint32_t* out, size_t length, uint64_t* version, uint32_t* clusters);
  void computeForces(const LayoutParams& params, float* out, size_t length);

  /** The binding reports how long the JS thread waited for the newest step (blocking) or spent taking its
   *  completion (async). */
  void recordJsBlocked(double ms) { figures_.recordJsBlocked(ms); }

  EngineStatsView stats() const;
  MemoryTracker::Snapshot memory() const { return tracker_.snapshot(); }
  DeviceMemoryInfo deviceMemory() const;

  void dispose();
  bool disposed() const { return disposed_; }

 private:
  struct Job {
    uint64_t id = 0;
    bool cluster = false;
    uint32_t iterations = 0;
    std::shared_ptr<std::atomic<bool>> cancel;
    StepDone stepDone;
    ClusterDone clusterDone;
  };
  struct PinEdit {
    uint32_t node;
    bool pinned;
    bool hasPosition;
    float xyz[3];
  };

  void threadMain();
  void runStep(Job& job);
  void runCluster(Job& job);
  void clusterBesideLayout(Job& job);  // CPU backend: hands the clustering to clusterWorker_
  void finishJob();
  /** Edits taken from the queue in one go. */
  struct EditBatch {
    std::vector<PinEdit> pins;
    HostBuffer<float> positions;
    bool reheat = false;
  };
  void applyEditsLocked();   // caller holds stateMutex_
  void applyEditBatchLocked(const EditBatch& edits);  // to the current backend; caller holds stateMutex_
  void applyEditsIfIdle();   // JS thread, after queueing an edit
  void checkNode(uint32_t node, const char* what) const;
  void throwIfDisposed() const;
  void fallBackToCpuLocked(const std::string& why);  // caller holds stateMutex_
  /** Runs `work` on the backend. A CUDA failure must end neither the process nor the layout: it moves the
   *  engine to the CPU, saying "CUDA error <what>: ...", and runs `work` again there. Holds stateMutex_. */
  template <class Work>
  auto withCpuFallbackLocked(const char* what, Work&& work) -> decltype(work()) {
    try {
      return work();
    } catch (const std::exception& e) {
      if (std::string(backend_->name()) != "cuda") throw;
      fallBackToCpuLocked(std::string("CUDA error ") + what + ": " + e.what());
      return work();
    }
  }
  float currentExtentLocked();  // rms radius for the step limit, or 0 when it no longer matters; holds stateMutex_

  MemoryTracker tracker_;  // first member: destroyed last, after every buffer
  std::unique_ptr<Backend> backend_;
  std::atomic<const char*> backendName_{"cpu"};  // a backend's name() is a string literal
  mutable std::mutex backendMutex_;  // guards swapping backend_ against JS-thread readers
  std::string fallbackReason_;
  uint64_t seed_;
  unsigned threads_;

  // Graph state; written with stateMutex_ held.
  std::mutex stateMutex_;
  std::atomic<uint32_t> nodeCount_{0};
  HostBuffer<uint32_t> offsets_, targets_;
  HostBuffer<float> weights_;
  HostBuffer<uint8_t> pinned_;
  float temperature_ = 1.0f;
  uint32_t sinceReheat_ = 0;
  bool moved_ = false;
  double lastKinetic_ = 0;
  uint64_t lastSeq_ = 0;  // snapshot published by the newest step
  // The layout's extent for the early step limit (step_limit.h): positions read back into a buffer
  // allocated with the graph (no per-step allocation), refreshed every few steps while it matters.
  HostBuffer<float> extentPositions_;
  float extentRms_ = 0;
  uint32_t extentAge_ = 0;  // steps since extentRms_ was measured; >= kExtentRefreshSteps means stale
  bool widenSteps_ = false;  // since setGraph / setPositions (a new start), not after other reheats

  // Requested settings and queued edits.
  mutable std::mutex editMutex_;
  LayoutParams params_;
  EngineSwitches switches_;
  std::vector<PinEdit> pinEdits_;
  HostBuffer<float> positionEdit_;
  bool reheatEdit_ = false;

  // Jobs.
  std::mutex jobMutex_;
  std::condition_variable jobCv_;
  std::deque<Job> jobs_;
  std::shared_ptr<std::atomic<bool>> runningCancel_;
  uint64_t runningId_ = 0;
  uint64_t nextJobId_ = 1;
  bool stopping_ = false;
  std::atomic<bool> busy_{false};
  // Ends the running backend step early (Backend::step): a cancel of the running job, a parameter change, a
  // new graph or dispose. Cleared by the stepping thread before it takes the edits for the next step.
  std::atomic<bool> interrupt_{false};
  std::thread thread_;
  ClusterWorker clusterWorker_;  // CPU clustering beside the layout (stopped in dispose, before the state)

  // Labels.
  std::mutex labelMutex_;
  uint64_t graphGeneration_ = 0;  // bumped by setGraph: labels of an older graph are dropped
  HostBuffer<uint32_t> rawLabels_, compactLabels_;
  uint64_t labelVersion_ = 0;
  uint64_t cachedVersion_ = 0;
  uint32_t clusterCount_ = 0;

  EngineFigures figures_;

  std::atomic<bool> disposed_{false};
};

}  // namespace forcelab
