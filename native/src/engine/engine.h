// The engine core behind the Node-API binding: a coordinator over its named parts. It owns one backend
// (backend_holder.h: CUDA or CPU, with the CPU fallback), the host copy of the graph (host_graph.h), the
// stepping thread that runs queued jobs (job_queue.h), the edits JS queues while a step runs (edit_queue.h)
// and how a batch of them is applied (edit_apply.h), the cooling schedule with the stability gate and the
// step limit (schedule.h), clustering beside the layout (cluster_worker.h), the labels with their cache
// (label_cache.h) and the live figures (figures.h).
//
// Threading: the JS thread calls everything here; jobs (steps, clustering) run on the stepping thread.
// Edits that may arrive while a step runs are queued and applied between iterations; a parameter change, a
// new graph, a cancel of the running job and dispose also interrupt the step in progress (Backend::step).
// stateMutex_ guards the backend's use and the graph; the parts have their own short locks.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "backend.h"
#include "engine/backend_holder.h"
#include "engine/cluster_worker.h"
#include "engine/edit_apply.h"
#include "engine/edit_queue.h"
#include "engine/figures.h"
#include "engine/host_graph.h"
#include "engine/job_queue.h"
#include "engine/label_cache.h"
#include "engine/schedule.h"
#include "memory_tracker.h"

namespace forcelab {

struct EngineConfig {
  std::string backend = "auto";  // auto | cpu | cuda
  uint64_t seed = 1;
  unsigned threads = 0;  // 0 = all cores
  bool background = false;  // engine threads in the OS's background class (thread_priority.h)
};

class Engine {
 public:
  using StepDone = forcelab::StepDone;
  using ClusterDone = forcelab::ClusterDone;

  explicit Engine(const EngineConfig& config);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Both may change once, on the stepping thread, when a CUDA error moves the engine to the CPU.
  const char* backendName() const { return backend_.name(); }
  std::string fallbackReason() const { return backend_.fallbackReason(); }

  /** Validates and installs a graph (throws std::invalid_argument naming what is wrong). positions:
   *  nullptr or 3 floats per node, NaN = seed this node. */
  void setGraph(uint32_t nodeCount, const uint32_t* offsets, size_t offsetsLength, const uint32_t* targets,
                size_t targetsLength, const float* weights, size_t weightsLength, const float* positions,
                size_t positionsLength);
  uint32_t nodeCount() const { return nodeCount_.load(); }

  void setParams(const LayoutParams& params);  // already validated (assignParam)
  LayoutParams params() const { return edits_.params(); }
  void setSwitches(const EngineSwitches& switches);
  EngineSwitches switches() const { return edits_.switches(); }

  /** Queues `iterations` steps; done runs on the stepping thread. Returns a job id for cancel(). */
  uint64_t submitStep(uint32_t iterations, StepDone done);
  uint64_t submitCluster(ClusterDone done);
  void cancel(uint64_t job);

  uint64_t readPositions(float* out, size_t length) const;
  void setPositions(const float* xyz, size_t length);
  void pin(uint32_t node, const float* xyz);
  void unpin(uint32_t node);
  void reheat();
  /** Queues a topology change (graph_delta.h; throws std::invalid_argument naming the bad field and index,
   *  changing nothing), applied between steps like the other edits, at once when no step runs. Indices are
   *  those after every delta queued before it. */
  void editGraph(const uint32_t* removeEdges, size_t removeEdgesLength, const uint32_t* removeNodes,
                 size_t removeNodesLength, uint32_t addCount, const float* addPositions, size_t addPositionsLength,
                 const uint32_t* addEdges, size_t addEdgesLength, const float* addWeights, size_t addWeightsLength);

  /** Compact labels of the newest clustering into out (n entries). false when there is none. */
  bool readLabels(uint32_t* out, size_t length, uint64_t* version, uint32_t* clusters);
  void computeForces(const LayoutParams& params, float* out, size_t length);

  /** The binding reports how long the JS thread waited for the newest step (blocking) or spent taking its
   *  completion (async). */
  void recordJsBlocked(double ms) { figures_.recordJsBlocked(ms); }

  EngineStatsView stats() const;
  MemoryTracker::Snapshot memory() const { return tracker_.snapshot(); }
  DeviceMemoryInfo deviceMemory() const { return backend_.deviceMemory(); }

  void dispose();
  bool disposed() const { return disposed_; }

 private:
  void threadMain();
  void runStep(Job& job);
  void runCluster(Job& job);
  void clusterBesideLayout(Job& job);  // CPU clustering: hands the job to clusterWorker_
  void finishJob();
  void applyEditsLocked();  // caller holds stateMutex_; the batch goes to editApplier_
  void applyEditsIfIdle();  // JS thread, after queueing an edit
  void checkNode(uint32_t node, const char* what) const;
  void throwIfDisposed() const;
  template <class Work>
  auto withCpuFallbackLocked(const char* what, Work&& work) -> decltype(work()) {
    return backend_.withCpuFallbackLocked(what, graph_, edits_.params(), std::forward<Work>(work));
  }

  MemoryTracker tracker_;  // first member: destroyed last, after every buffer
  BackendHolder backend_;
  uint64_t seed_;
  bool background_;  // config.background: the stepping thread enters the background class when it starts

  std::mutex stateMutex_;  // the backend's use, graph_ and schedule_
  std::atomic<uint32_t> nodeCount_{0};
  // The node count after every queued delta: what the JS thread validates new edits against (it alone
  // writes it: setGraph, editGraph, dispose).
  std::atomic<uint32_t> queuedNodeCount_{0};
  // Held while a delta changes the node count under a reader: readPositions checks the caller's buffer
  // against the count it copies.
  mutable std::mutex topologyMutex_;
  HostGraph graph_;
  LayoutSchedule schedule_;
  uint64_t lastSeq_ = 0;  // snapshot published by the newest step

  EditQueue edits_;
  JobQueue jobs_;
  // Ends the running backend step early (Backend::step): a cancel of the running job, a parameter change, a
  // new graph or dispose. Cleared by the stepping thread before it takes the edits for the next step.
  std::atomic<bool> interrupt_{false};
  std::thread thread_;
  ClusterWorker clusterWorker_;  // CPU clustering beside the layout (stopped in dispose, before the state)
  LabelCache labels_{tracker_};
  EngineFigures figures_;
  // Applies the edits taken from edits_ (edit_apply.h); after every part it changes, which it refers to.
  EditApplier editApplier_{{tracker_, backend_, edits_, seed_, graph_, nodeCount_, topologyMutex_, schedule_, labels_,
                            clusterWorker_, figures_}};

  std::atomic<bool> disposed_{false};
};

}  // namespace forcelab
