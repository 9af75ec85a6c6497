// ClusterWorker: CPU clustering beside the layout. One thread runs label propagation tasks in order, each
// on its own copy of the graph, so the stepping thread never waits for a clustering on the CPU backend
// (label propagation on dblp-2010 takes about a second; queued on the stepping thread, the layout paused
// that long). Tasks are cancellable by id; stop() cancels everything and joins.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "memory_tracker.h"

namespace forcelab {

class ClusterWorker {
 public:
  struct Task {
    uint64_t id = 0;
    std::shared_ptr<std::atomic<bool>> cancel;
    uint32_t nodeCount = 0;
    HostBuffer<uint32_t> offsets, targets;  // the graph, copied when the task was made
    HostBuffer<float> weights;              // empty when unweighted
    HostBuffer<uint32_t> labels;            // out: raw labels, nodeCount entries
    uint32_t maxIterations = 0;
    /** Called on the worker thread when the task ends: completed (labels hold the result) or not. */
    std::function<void(Task& task, bool completed, const std::string& error)> finish;
  };

  ClusterWorker() = default;
  /** Before the first submit: the worker thread runs in the background class (thread_priority.h). */
  void setBackground(bool on) { background_ = on; }
  ClusterWorker(const ClusterWorker&) = delete;
  ClusterWorker& operator=(const ClusterWorker&) = delete;
  ~ClusterWorker() { stop(); }

  void submit(Task task);
  /** Cancels the task with this id, queued or running; false when there is none. */
  bool cancel(uint64_t id);
  /** Cancels every task queued or running (a new graph makes them all stale); the worker stays up. */
  void cancelAll();
  /** Cancels every task (each still finishes, as not completed) and joins the thread. */
  void stop();

 private:
  void run();

  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Task> queue_;
  std::shared_ptr<std::atomic<bool>> runningCancel_;
  uint64_t runningId_ = 0;
  bool stopping_ = false;
  bool background_ = false;
  std::thread thread_;
};

}  // namespace forcelab
