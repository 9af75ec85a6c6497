// The CUDA emulator's runtime (see cuda_runtime.h): memory, streams on worker threads, events, host
// functions, kernel grids run on the CPU, sticky errors and fault injection.
#include "cuda_runtime.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>

struct CUstream_st {
  std::mutex mutex;
  std::condition_variable cv;
  std::deque<std::function<void()>> queue;
  bool busy = false;
  bool stopping = false;
  std::thread worker;
};

struct CUevent_st {
  std::mutex mutex;
  std::condition_variable cv;
  std::uint64_t recorded = 0;   // records enqueued
  std::uint64_t completed = 0;  // the newest record its stream has reached
};

namespace {

constexpr std::size_t kDeviceBytes = std::size_t(16) << 30;  // what cudaMemGetInfo reports as total
constexpr int kMaxThreadsPerBlock = 1024;

// A kernel fault is sticky, as on a device: every later call fails with it and streams stop working.
std::atomic<int> sticky{cudaSuccess};
thread_local cudaError_t lastError = cudaSuccess;

std::mutex registryMutex;
std::set<CUstream_st*> streams;
std::unordered_map<void*, std::size_t> deviceAllocations;
std::size_t deviceBytes = 0;

std::mutex kernelMutex;  // one grid at a time: __shared__ is a static
std::atomic<std::uint64_t> launchCounter{0};

cudaError_t stickyError() { return static_cast<cudaError_t>(sticky.load()); }

cudaError_t fail(cudaError_t code) {
  lastError = code;
  return code;
}

void raiseSticky(cudaError_t code) {
  int expected = cudaSuccess;
  sticky.compare_exchange_strong(expected, code);
}

void workerLoop(CUstream_st* s) {
  std::unique_lock<std::mutex> lock(s->mutex);
  for (;;) {
    s->cv.wait(lock, [&] { return s->stopping || !s->queue.empty(); });
    if (s->queue.empty()) return;  // stopping, and nothing left
    std::function<void()> work = std::move(s->queue.front());
    s->queue.pop_front();
    s->busy = true;
    lock.unlock();
    if (stickyError() == cudaSuccess) work();  // a dead context runs nothing, callbacks included
    lock.lock();
    s->busy = false;
    s->cv.notify_all();
  }
}

void waitIdle(CUstream_st* s) {
  std::unique_lock<std::mutex> lock(s->mutex);
  s->cv.wait(lock, [&] { return s->queue.empty() && !s->busy; });
}

/** FORCELAB_EMU_FAIL_LAUNCH=N: the N-th launch after the variable is set (or changed) faults. */
bool injectFault() {
  static std::mutex mutex;
  static std::string seen;
  static std::uint64_t counted = 0;
  std::lock_guard<std::mutex> lock(mutex);
  const char* v = std::getenv("FORCELAB_EMU_FAIL_LAUNCH");
  if (v == nullptr || *v == '\0') {
    seen.clear();
    return false;
  }
  if (seen != v) {
    seen = v;
    counted = 0;
  }
  return ++counted == std::strtoull(v, nullptr, 10);
}

bool validStream(cudaStream_t s) {
  if (s == nullptr) return true;
  std::lock_guard<std::mutex> lock(registryMutex);
  return streams.count(s) != 0;
}

}  // namespace

namespace forcelab_emu {

void enqueue(cudaStream_t s, std::function<void()> work) {
  if (s == nullptr) {
    work();
    return;
  }
  std::lock_guard<std::mutex> lock(s->mutex);
  s->queue.push_back(std::move(work));
  s->cv.notify_all();
}

void launch(cudaStream_t stream, const char* kernel, int blocks, int threads, std::function<void()> threadBody) {
  (void)kernel;
  if (stickyError() != cudaSuccess) return;
  if (blocks <= 0 || threads <= 0 || threads > kMaxThreadsPerBlock || !validStream(stream)) {
    fail(cudaErrorInvalidConfiguration);
    return;
  }
  if (injectFault()) {
    enqueue(stream, [] { raiseSticky(cudaErrorLaunchFailure); });
    return;
  }
  enqueue(stream, [blocks, threads, body = std::move(threadBody)]() {
    std::lock_guard<std::mutex> lock(kernelMutex);
    launchCounter.fetch_add(1);
    gridDim = dim3{static_cast<unsigned>(blocks), 1, 1};
    blockDim = dim3{static_cast<unsigned>(threads), 1, 1};
    for (int b = blocks - 1; b >= 0; --b) {
      blockIdx = uint3{static_cast<unsigned>(b), 0, 0};
      for (int t = threads - 1; t >= 0; --t) {
        threadIdx = uint3{static_cast<unsigned>(t), 0, 0};
        body();
      }
    }
  });
}

std::uint64_t currentLaunch() { return launchCounter.load(); }

void occupancy(int* minGridSize, int* blockSize) {
  *blockSize = 128;
  *minGridSize = 4;  // 512 threads: most test graphs are larger, so every grid-stride loop loops
}

}  // namespace forcelab_emu

cudaError_t cudaGetDeviceCount(int* count) {
  *count = 1;
  return cudaSuccess;
}

cudaError_t cudaSetDevice(int device) { return device == 0 ? cudaSuccess : fail(cudaErrorInvalidValue); }

cudaError_t cudaGetLastError() {
  if (stickyError() != cudaSuccess) return stickyError();
  const cudaError_t e = lastError;
  lastError = cudaSuccess;
  return e;
}

cudaError_t cudaPeekAtLastError() { return stickyError() != cudaSuccess ? stickyError() : lastError; }

const char* cudaGetErrorName(cudaError_t code) {
  switch (code) {
    case cudaSuccess: return "cudaSuccess";
    case cudaErrorInvalidValue: return "cudaErrorInvalidValue";
    case cudaErrorMemoryAllocation: return "cudaErrorMemoryAllocation";
    case cudaErrorInvalidConfiguration: return "cudaErrorInvalidConfiguration";
    case cudaErrorInvalidResourceHandle: return "cudaErrorInvalidResourceHandle";
    case cudaErrorNotReady: return "cudaErrorNotReady";
    case cudaErrorNoDevice: return "cudaErrorNoDevice";
    case cudaErrorLaunchFailure: return "cudaErrorLaunchFailure";
  }
  return "cudaErrorUnknown";
}

const char* cudaGetErrorString(cudaError_t code) {
  switch (code) {
    case cudaSuccess: return "no error";
    case cudaErrorInvalidValue: return "invalid argument";
    case cudaErrorMemoryAllocation: return "out of memory";
    case cudaErrorInvalidConfiguration: return "invalid configuration argument";
    case cudaErrorInvalidResourceHandle: return "invalid resource handle";
    case cudaErrorNotReady: return "device not ready";
    case cudaErrorNoDevice: return "no CUDA-capable device is detected";
    case cudaErrorLaunchFailure: return "unspecified launch failure (emulated fault)";
  }
  return "unknown error";
}

cudaError_t cudaMemGetInfo(std::size_t* freeBytes, std::size_t* totalBytes) {
  if (stickyError() != cudaSuccess) return stickyError();
  std::lock_guard<std::mutex> lock(registryMutex);
  *totalBytes = kDeviceBytes;
  *freeBytes = kDeviceBytes - std::min(deviceBytes, kDeviceBytes);
  return cudaSuccess;
}

cudaError_t cudaMalloc(void** p, std::size_t bytes) {
  *p = nullptr;
  if (stickyError() != cudaSuccess) return stickyError();
  std::lock_guard<std::mutex> lock(registryMutex);
  if (deviceBytes + bytes > kDeviceBytes) return fail(cudaErrorMemoryAllocation);
  // cudaMalloc returns 256-byte aligned memory; the kernels' float4 loads rely on 16.
  void* mem = std::aligned_alloc(256, std::max<std::size_t>(256, (bytes + 255) / 256 * 256));
  if (mem == nullptr) return fail(cudaErrorMemoryAllocation);
  deviceAllocations[mem] = bytes;
  deviceBytes += bytes;
  *p = mem;
  return cudaSuccess;
}

cudaError_t cudaFree(void* p) {
  if (p == nullptr) return cudaSuccess;
  // cudaFree synchronizes the device: no queued work may still use the buffer.
  cudaDeviceSynchronize();
  std::lock_guard<std::mutex> lock(registryMutex);
  auto it = deviceAllocations.find(p);
  if (it == deviceAllocations.end()) return fail(cudaErrorInvalidValue);
  deviceBytes -= it->second;
  deviceAllocations.erase(it);
  std::free(p);
  return stickyError();
}

cudaError_t cudaMallocHost(void** p, std::size_t bytes) {
  *p = nullptr;
  if (stickyError() != cudaSuccess) return stickyError();
  *p = std::aligned_alloc(256, std::max<std::size_t>(256, (bytes + 255) / 256 * 256));
  return *p ? cudaSuccess : fail(cudaErrorMemoryAllocation);
}

cudaError_t cudaFreeHost(void* p) {
  std::free(p);
  return stickyError();
}

cudaError_t cudaMemcpy(void* dst, const void* src, std::size_t bytes, cudaMemcpyKind) {
  if (stickyError() != cudaSuccess) return stickyError();
  if (bytes) std::memmove(dst, src, bytes);
  return cudaSuccess;
}

cudaError_t cudaMemcpyAsync(void* dst, const void* src, std::size_t bytes, cudaMemcpyKind, cudaStream_t stream) {
  if (stickyError() != cudaSuccess) return stickyError();
  if (!validStream(stream)) return fail(cudaErrorInvalidResourceHandle);
  forcelab_emu::enqueue(stream, [=] {
    if (bytes) std::memmove(dst, src, bytes);
  });
  return cudaSuccess;
}

cudaError_t cudaMemset(void* dst, int value, std::size_t bytes) {
  if (stickyError() != cudaSuccess) return stickyError();
  if (bytes) std::memset(dst, value, bytes);
  return cudaSuccess;
}

cudaError_t cudaMemsetAsync(void* dst, int value, std::size_t bytes, cudaStream_t stream) {
  if (stickyError() != cudaSuccess) return stickyError();
  if (!validStream(stream)) return fail(cudaErrorInvalidResourceHandle);
  forcelab_emu::enqueue(stream, [=] {
    if (bytes) std::memset(dst, value, bytes);
  });
  return cudaSuccess;
}

cudaError_t cudaStreamCreateWithFlags(cudaStream_t* stream, unsigned) {
  auto* s = new CUstream_st();
  s->worker = std::thread(workerLoop, s);
  std::lock_guard<std::mutex> lock(registryMutex);
  streams.insert(s);
  *stream = s;
  return cudaSuccess;
}

cudaError_t cudaStreamDestroy(cudaStream_t s) {
  {
    std::lock_guard<std::mutex> lock(registryMutex);
    if (streams.erase(s) == 0) return fail(cudaErrorInvalidResourceHandle);
  }
  {
    std::lock_guard<std::mutex> lock(s->mutex);
    s->stopping = true;
    s->cv.notify_all();
  }
  s->worker.join();  // finishes what was queued, as the real one does before releasing the stream
  delete s;
  return cudaSuccess;
}

cudaError_t cudaStreamSynchronize(cudaStream_t s) {
  if (!validStream(s)) return fail(cudaErrorInvalidResourceHandle);
  if (s != nullptr) waitIdle(s);
  return stickyError();
}

cudaError_t cudaStreamQuery(cudaStream_t s) {
  if (stickyError() != cudaSuccess) return stickyError();
  if (s == nullptr) return cudaSuccess;
  if (!validStream(s)) return fail(cudaErrorInvalidResourceHandle);
  std::lock_guard<std::mutex> lock(s->mutex);
  return s->queue.empty() && !s->busy ? cudaSuccess : cudaErrorNotReady;
}

cudaError_t cudaStreamWaitEvent(cudaStream_t s, cudaEvent_t e, unsigned) {
  if (stickyError() != cudaSuccess) return stickyError();
  if (!validStream(s) || e == nullptr) return fail(cudaErrorInvalidResourceHandle);
  std::uint64_t target;
  {
    std::lock_guard<std::mutex> lock(e->mutex);
    target = e->recorded;  // the most recent record at the time of the call, as CUDA specifies
  }
  forcelab_emu::enqueue(s, [e, target] {
    std::unique_lock<std::mutex> lock(e->mutex);
    // A fault elsewhere never completes the event: look at the sticky error now and then.
    while (!e->cv.wait_for(lock, std::chrono::milliseconds(20), [&] { return e->completed >= target; })) {
      if (stickyError() != cudaSuccess) return;
    }
  });
  return cudaSuccess;
}

cudaError_t cudaLaunchHostFunc(cudaStream_t s, cudaHostFn_t fn, void* userData) {
  if (stickyError() != cudaSuccess) return stickyError();
  if (!validStream(s)) return fail(cudaErrorInvalidResourceHandle);
  forcelab_emu::enqueue(s, [fn, userData] { fn(userData); });
  return cudaSuccess;
}

cudaError_t cudaDeviceSynchronize() {
  std::set<CUstream_st*> all;
  {
    std::lock_guard<std::mutex> lock(registryMutex);
    all = streams;
  }
  for (CUstream_st* s : all) waitIdle(s);
  return stickyError();
}

cudaError_t cudaEventCreateWithFlags(cudaEvent_t* event, unsigned) {
  *event = new CUevent_st();
  return cudaSuccess;
}

cudaError_t cudaEventDestroy(cudaEvent_t e) {
  delete e;
  return cudaSuccess;
}

cudaError_t cudaEventRecord(cudaEvent_t e, cudaStream_t s) {
  if (stickyError() != cudaSuccess) return stickyError();
  if (!validStream(s) || e == nullptr) return fail(cudaErrorInvalidResourceHandle);
  std::uint64_t mine;
  {
    std::lock_guard<std::mutex> lock(e->mutex);
    mine = ++e->recorded;
  }
  forcelab_emu::enqueue(s, [e, mine] {
    std::lock_guard<std::mutex> lock(e->mutex);
    if (mine > e->completed) e->completed = mine;
    e->cv.notify_all();
  });
  return cudaSuccess;
}

cudaError_t cudaEventQuery(cudaEvent_t e) {
  if (stickyError() != cudaSuccess) return stickyError();
  std::lock_guard<std::mutex> lock(e->mutex);
  return e->completed >= e->recorded ? cudaSuccess : cudaErrorNotReady;
}

cudaError_t cudaEventSynchronize(cudaEvent_t e) {
  std::unique_lock<std::mutex> lock(e->mutex);
  while (!e->cv.wait_for(lock, std::chrono::milliseconds(20), [&] { return e->completed >= e->recorded; })) {
    if (stickyError() != cudaSuccess) break;
  }
  return stickyError();
}
