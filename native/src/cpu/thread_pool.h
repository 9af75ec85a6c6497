// A persistent pool of worker threads for the CPU backend: threads are created once per engine and woken
// for each parallel phase, never created per step. The calling thread (the engine's stepping thread)
// takes part in the work, so a pool of size T runs T - 1 workers.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace forcelab {

class ThreadPool {
 public:
  /** `threads` = total threads including the caller; 0 = hardware concurrency. `background`: the workers
   *  run in the OS's background class (thread_priority.h). */
  explicit ThreadPool(unsigned threads, bool background = false);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  unsigned size() const { return static_cast<unsigned>(workers_.size()) + 1; }

  /** fn(begin, end, thread) over [0, count) in chunks of `chunk` items handed out dynamically; thread is
   *  0 for the caller and 1..size()-1 for workers (index per-thread scratch with it). Returns the number of
   *  chunks. One chunk runs inline on the caller without waking anyone. */
  uint32_t parallelFor(size_t count, size_t chunk, const std::function<void(size_t, size_t, unsigned)>& fn);

 private:
  void workerLoop(unsigned index);
  void runChunks(unsigned thread);

  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  uint64_t generation_ = 0;  // guarded by mutex_
  bool stopping_ = false;    // guarded by mutex_
  unsigned running_ = 0;     // workers still inside the current job; guarded by mutex_

  // The current job, written by the caller before the generation bump.
  const std::function<void(size_t, size_t, unsigned)>* fn_ = nullptr;
  size_t count_ = 0;
  size_t chunk_ = 1;
  std::atomic<size_t> next_{0};
};

}  // namespace forcelab
