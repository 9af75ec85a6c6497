// overlappedCopy on CUDA (cpu/overlapped_copy.h is the CPU side): how a step's positions become the frame JS
// reads. The frames are two pinned host buffers; readers copy frames[front] under the lock. On: the frame
// leaves on the copy stream as soon as the step's positions exist and a host callback publishes it, so the
// copy overlaps whatever comes next (the next step's tree build). Off (the naive path): the step ends, then
// the frame is copied on the compute stream and waited for.
#pragma once

#include <cuda_runtime.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>

#include "async_completion.cuh"  // kFaultPoll
#include "cuda_check.cuh"
#include "device_buffer.cuh"

namespace forcelab {

/** The snapshot double buffer and the state of the copy into it; every field is guarded by mutex. */
struct SnapshotFrames {
  PinnedHostBuffer<float> frames[2];
  int front = 0;
  std::uint64_t seq = 0;
  bool copyInFlight = false;
  bool frameOwed = false;  // step() returned and its frame is still in flight: readers wait for it
  std::uint64_t pendingSeq = 0;  // the sequence number the frame in flight will get
  mutable std::mutex mutex;
  mutable std::condition_variable landed;  // a copy in flight landed (or was given up)

  /** Copy-stream callback: the frame is on the host, publish it. No CUDA calls allowed here. */
  static void CUDART_CB copyLanded(void* self) {
    auto* s = static_cast<SnapshotFrames*>(self);
    {
      std::lock_guard<std::mutex> lock(s->mutex);
      s->front = 1 - s->front;
      ++s->seq;
      s->copyInFlight = false;
      s->frameOwed = false;
    }
    s->landed.notify_all();
  }

  /** Sleeps until the frame copy in flight (if any) has landed; a copy stream that failed throws. */
  void awaitCopy(cudaStream_t copy) {
    std::unique_lock<std::mutex> lock(mutex);
    while (!landed.wait_for(lock, kFaultPoll, [&] { return !copyInFlight; })) {
      const cudaError_t e = cudaStreamQuery(copy);
      if (e != cudaErrorNotReady && e != cudaSuccess) {
        copyInFlight = false;
        frameOwed = false;
        cudaCheck(e, "frame copy (stream query)");
      }
    }
  }

  /** The frame the next copy writes: waits for the previous copy to land, then marks one in flight. */
  int claimBackFrame(cudaStream_t copy) {
    awaitCopy(copy);
    std::lock_guard<std::mutex> lock(mutex);
    copyInFlight = true;
    pendingSeq = seq + 1;
    return 1 - front;
  }

  void releaseBackFrame() {
    {
      std::lock_guard<std::mutex> lock(mutex);
      copyInFlight = false;
      frameOwed = false;
    }
    landed.notify_all();
  }
};

/** A finished step's frame: where it is on the device and the streams and events the copy runs on. */
struct StepFrameCopy {
  cudaStream_t compute;
  cudaStream_t copy;
  cudaEvent_t stepDone;  // recorded on compute after the step's last kernel
  cudaEvent_t copyDone;  // the next step's nudge waits for it before writing these positions
  const float* positions;
  std::size_t bytes;
};

/** Publishes the step's frame with the switch on or off. waitForStep() waits for the compute stream (the
 *  asyncCompletion switch). Returns the frame's sequence number; *copyMs is the stepping thread's own time
 *  on the frame: with the copy overlapped only the hand-over, without it the whole copy. */
template <class WaitForStep>
std::uint64_t publishStepFrame(bool overlappedCopy, SnapshotFrames& s, const StepFrameCopy& c,
                               WaitForStep&& waitForStep, double* copyMs) {
  const auto msSince = [](std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  };
  std::uint64_t seq;
  if (overlappedCopy) {
    // The engine thread does not wait for the copy, so it overlaps whatever comes next.
    const auto t0 = std::chrono::steady_clock::now();
    const int back = s.claimBackFrame(c.copy);
    try {
      CUDA_CHECK(cudaStreamWaitEvent(c.copy, c.stepDone, 0));
      CUDA_CHECK(cudaMemcpyAsync(s.frames[back].data(), c.positions, c.bytes, cudaMemcpyDeviceToHost, c.copy));
      CUDA_CHECK(cudaEventRecord(c.copyDone, c.copy));
      CUDA_CHECK(cudaLaunchHostFunc(c.copy, &SnapshotFrames::copyLanded, &s));
    } catch (...) {
      s.releaseBackFrame();
      throw;
    }
    seq = s.pendingSeq;
    *copyMs = msSince(t0);
    waitForStep();
    // The step is done and only its frame's copy is left: from now on a reader waits for that frame.
    std::lock_guard<std::mutex> lock(s.mutex);
    s.frameOwed = s.copyInFlight;
  } else {
    waitForStep();
    const auto t0 = std::chrono::steady_clock::now();
    s.awaitCopy(c.copy);
    const int back = 1 - s.front;  // no copy in flight: only this thread changes front now
    CUDA_CHECK(cudaMemcpyAsync(s.frames[back].data(), c.positions, c.bytes, cudaMemcpyDeviceToHost, c.compute));
    CUDA_CHECK(cudaStreamSynchronize(c.compute));
    {
      std::lock_guard<std::mutex> lock(s.mutex);
      s.front = back;
      seq = ++s.seq;
    }
    *copyMs = msSince(t0);
  }
  return seq;
}

}  // namespace forcelab
