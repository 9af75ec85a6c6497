#include "cpu/thread_pool.h"
#include "thread_priority.h"

#include <algorithm>

namespace forcelab {

ThreadPool::ThreadPool(unsigned threads, bool background) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  workers_.reserve(threads - 1);
  for (unsigned i = 1; i < threads; ++i) workers_.emplace_back([this, i, background] {
    if (background) enterBackground();
    workerLoop(i);
  });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& t : workers_) t.join();
}

void ThreadPool::runChunks(unsigned thread) {
  for (;;) {
    size_t begin = next_.fetch_add(chunk_, std::memory_order_relaxed);
    if (begin >= count_) return;
    (*fn_)(begin, std::min(count_, begin + chunk_), thread);
  }
}

uint32_t ThreadPool::parallelFor(size_t count, size_t chunk, const std::function<void(size_t, size_t, unsigned)>& fn) {
  if (count == 0) return 0;
  chunk = std::max<size_t>(1, chunk);
  uint32_t chunks = static_cast<uint32_t>((count + chunk - 1) / chunk);
  if (chunks == 1 || workers_.empty()) {
    for (size_t b = 0; b < count; b += chunk) fn(b, std::min(count, b + chunk), 0);
    return chunks;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    fn_ = &fn;
    count_ = count;
    chunk_ = chunk;
    next_.store(0, std::memory_order_relaxed);
    running_ = static_cast<unsigned>(workers_.size());
    ++generation_;
  }
  wake_.notify_all();
  runChunks(0);
  std::unique_lock<std::mutex> lock(mutex_);
  done_.wait(lock, [this] { return running_ == 0; });
  fn_ = nullptr;
  return chunks;
}

void ThreadPool::workerLoop(unsigned index) {
  uint64_t seen = 0;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || generation_ != seen; });
      if (stopping_) return;
      seen = generation_;
    }
    runChunks(index);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (--running_ == 0) done_.notify_one();
    }
  }
}

}  // namespace forcelab
