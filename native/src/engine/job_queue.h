// The stepping thread's work: steps and clusterings in the order JS asked for them, each with its own cancel
// flag. The JS thread pushes and cancels; the stepping thread takes one job at a time. busy() says a job is
// running, so an edit queued meanwhile is left to the stepping thread (Engine::applyEditsIfIdle).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

namespace forcelab {

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

using StepDone = std::function<void(const StepReport&)>;
using ClusterDone = std::function<void(const ClusterReport&)>;

struct Job {
  uint64_t id = 0;
  bool cluster = false;
  uint32_t iterations = 0;
  std::shared_ptr<std::atomic<bool>> cancel;
  StepDone stepDone;
  ClusterDone clusterDone;
};

class JobQueue {
 public:
  /** Queues a job (its cancel flag is made here) and returns its id. */
  uint64_t push(Job job);
  /** Blocks until there is a job or the queue stops; false once stopped and empty. The job taken is the
   *  running one until finishRunning(); after stop() every job taken is already cancelled. */
  bool take(Job* job);
  void finishRunning();
  /** Cancels a queued or the running job; true when it was the running one. */
  bool cancel(uint64_t id);
  /** Cancels everything and makes take() return false once the queue is empty. */
  void stop();
  bool busy() const { return busy_.load(); }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Job> jobs_;
  std::shared_ptr<std::atomic<bool>> runningCancel_;
  uint64_t runningId_ = 0;
  uint64_t nextId_ = 1;
  bool stopping_ = false;
  std::atomic<bool> busy_{false};
};

}  // namespace forcelab
