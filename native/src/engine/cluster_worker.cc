#include "engine/cluster_worker.h"
#include "thread_priority.h"

#include <exception>

#include "backend.h"

namespace forcelab {

void ClusterWorker::submit(Task task) {
  std::string error;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!stopping_) {
      try {
        if (!thread_.joinable()) thread_ = std::thread(&ClusterWorker::run, this);
        queue_.push_back(std::move(task));
        cv_.notify_one();
        return;
      } catch (const std::exception& e) {
        error = e.what();  // no thread or no memory: the task cannot run
      }
    }
  }
  // It will never run: end it here so whoever waits for it hears.
  task.cancel->store(true);
  if (task.finish) task.finish(task, false, error);
}

void ClusterWorker::cancelAll() {
  std::lock_guard<std::mutex> lock(mutex_);
  for (Task& t : queue_) t.cancel->store(true);
  if (runningCancel_) runningCancel_->store(true);
}

bool ClusterWorker::cancel(uint64_t id) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (Task& t : queue_)
    if (t.id == id) {
      t.cancel->store(true);
      return true;
    }
  if (runningCancel_ && runningId_ == id) {
    runningCancel_->store(true);
    return true;
  }
  return false;
}

void ClusterWorker::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    for (Task& t : queue_) t.cancel->store(true);
    if (runningCancel_) runningCancel_->store(true);
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  // The thread ends each task it takes, and takes every task while it runs; nothing is left here unless
  // it never started. End those too.
  std::deque<Task> left;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    left.swap(queue_);
  }
  for (Task& t : left)
    if (t.finish) t.finish(t, false, "");
}

void ClusterWorker::run() {
  if (background_) enterBackground();
  for (;;) {
    Task task;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and every task has ended
      task = std::move(queue_.front());
      queue_.pop_front();
      runningCancel_ = task.cancel;
      runningId_ = task.id;
    }
    bool completed = false;
    std::string error;
    try {
      const GraphView view{task.nodeCount, task.offsets.data(), task.targets.data(),
                           task.weights.size() ? task.weights.data() : nullptr};
      completed = !task.cancel->load() &&
                  labelPropagationCpu(view, task.maxIterations, *task.cancel, task.labels.data());
    } catch (const std::exception& e) {
      error = e.what();  // a bad_alloc, say: the task ends with it, the thread goes on
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      runningCancel_.reset();
      runningId_ = 0;
    }
    if (task.finish) task.finish(task, completed, error);
  }
}

}  // namespace forcelab
