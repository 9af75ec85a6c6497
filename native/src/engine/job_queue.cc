#include "engine/job_queue.h"

namespace forcelab {

uint64_t JobQueue::push(Job job) {
  job.cancel = std::make_shared<std::atomic<bool>>(false);
  std::lock_guard<std::mutex> lock(mutex_);
  job.id = nextId_++;
  const uint64_t id = job.id;
  jobs_.push_back(std::move(job));
  cv_.notify_one();
  return id;
}

bool JobQueue::take(Job* job) {
  std::unique_lock<std::mutex> lock(mutex_);
  cv_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
  if (jobs_.empty()) return false;  // stopping with nothing left
  *job = std::move(jobs_.front());
  jobs_.pop_front();
  if (stopping_) job->cancel->store(true);
  runningCancel_ = job->cancel;
  runningId_ = job->id;
  busy_ = true;
  return true;
}

void JobQueue::finishRunning() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    runningCancel_.reset();
    runningId_ = 0;
  }
  // Seq-cst, after the job is no longer running: see Engine::applyEditsIfIdle.
  busy_ = false;
}

bool JobQueue::cancel(uint64_t id) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (Job& job : jobs_)
    if (job.id == id) job.cancel->store(true);
  // The running job was taken from the queue; it checks this flag between (and inside) iterations.
  if (runningCancel_ && runningId_ == id) {
    runningCancel_->store(true);
    return true;
  }
  return false;
}

void JobQueue::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    for (Job& job : jobs_) job.cancel->store(true);
    if (runningCancel_) runningCancel_->store(true);
  }
  cv_.notify_all();
}

}  // namespace forcelab
