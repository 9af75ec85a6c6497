// asyncCompletion on CUDA (binding/async_completion.h is the part both backends share: how a finished step
// reaches JS). On: the engine thread sleeps until a host function queued behind the step wakes it. Off (the
// naive path): it blocks in cudaStreamSynchronize.
#pragma once

#include <cuda_runtime.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "cuda_check.cuh"

namespace forcelab {

/** How often a wait for a callback checks whether the stream failed (a failed stream never calls back). */
constexpr std::chrono::milliseconds kFaultPoll{100};

/** A flag a stream raises through a host callback; the engine thread sleeps on it (no spin-wait). */
class StreamSignal {
 public:
  void arm() {
    std::lock_guard<std::mutex> lock(mutex_);
    raised_ = false;
  }
  void raise() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      raised_ = true;
    }
    cv_.notify_all();
  }
  /** Sleeps until raised or `timeout` passes; true when raised. */
  bool waitFor(std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mutex_);
    return cv_.wait_for(lock, timeout, [&] { return raised_; });
  }
  static void CUDART_CB callback(void* self) { static_cast<StreamSignal*>(self)->raise(); }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool raised_ = true;
};

/** Waits until everything queued on `stream` (ending with `done`) has run; throws the stream's error. */
inline void waitForStream(cudaStream_t stream, cudaEvent_t done, StreamSignal& signal, bool asyncCompletion) {
  if (!asyncCompletion) {
    CUDA_CHECK(cudaStreamSynchronize(stream));
    return;
  }
  signal.arm();
  CUDA_CHECK(cudaLaunchHostFunc(stream, &StreamSignal::callback, &signal));
  // A faulting kernel stops the stream and its callback never comes: look now and then.
  while (!signal.waitFor(kFaultPoll)) {
    const cudaError_t e = cudaStreamQuery(stream);
    if (e != cudaErrorNotReady && e != cudaSuccess) cudaCheck(e, "layout step (stream query)");
  }
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaEventQuery(done));  // a kernel fault shows up here as a sticky error
}

}  // namespace forcelab
