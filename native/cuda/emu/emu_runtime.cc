// The CUDA emulator's runtime (see cuda_runtime.h): memory, streams on worker threads, events, host
// functions, kernel grids run on the CPU, sticky errors and fault injection.
#include "cuda_runtime.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

struct CUstream_st {
  std::mutex mutex;
  std::condition_variable cv;
  std::deque<std::pair<std::uint64_t, std::function<void()>>> queue;  // (ticket, work)
  std::uint64_t enqueued = 0;   // tickets handed out
  std::uint64_t completed = 0;  // the newest ticket done
  bool stopping = false;
  bool blocking = false;  // created without cudaStreamNonBlocking: ordered with the legacy stream
  std::chrono::microseconds latency{0};  // before each operation (the legacy stream's copies, see below)
  std::thread worker;
};

struct CUevent_st {
  std::mutex mutex;
  std::condition_variable cv;
  std::uint64_t recorded = 0;   // records enqueued
  std::uint64_t completed = 0;  // the newest record its stream has reached
  bool timed = true;             // created without cudaEventDisableTiming
  std::chrono::steady_clock::time_point when{};  // when the newest record was reached
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
    auto [ticket, work] = std::move(s->queue.front());
    s->queue.pop_front();
    lock.unlock();
    if (s->latency.count()) std::this_thread::sleep_for(s->latency);
    if (stickyError() == cudaSuccess) work();  // a dead context runs nothing, callbacks included
    lock.lock();
    s->completed = ticket;
    s->cv.notify_all();
  }
}

void waitTicket(CUstream_st* s, std::uint64_t ticket) {
  std::unique_lock<std::mutex> lock(s->mutex);
  s->cv.wait(lock, [&] { return s->completed >= ticket; });
}

void waitIdle(CUstream_st* s) {
  std::unique_lock<std::mutex> lock(s->mutex);
  s->cv.wait(lock, [&] { return s->completed == s->enqueued; });
}

std::uint64_t lastTicket(CUstream_st* s) {
  std::lock_guard<std::mutex> lock(s->mutex);
  return s->enqueued;
}

CUstream_st* startStream(bool blocking, std::chrono::microseconds latency) {
  auto* s = new CUstream_st();
  s->blocking = blocking;
  s->latency = latency;
  s->worker = std::thread(workerLoop, s);
  return s;
}

/**
 * The legacy default stream (stream 0), with a worker like any other. Copies and memsets that CUDA runs
 * asynchronously on it (cudaMemcpy from pageable memory to the device, cudaMemset) land late here, by
 * design: work on a non-blocking stream that forgets to wait for them then reads stale data, as it can
 * on a device.
 */
CUstream_st* legacyStream() {
  static CUstream_st* legacy = startStream(true, std::chrono::microseconds(3000));
  return legacy;
}

/**
 * Fault injection: FORCELAB_EMU_FAIL_LAUNCH=N faults the N-th kernel launch, FORCELAB_EMU_FAIL_UPLOAD=N the
 * N-th host-to-device copy, counted from when the variable is set (or changed). The fault is sticky, like
 * a device's.
 */
bool injectFault(const char* variable) {
  static std::mutex mutex;
  static std::map<std::string, std::pair<std::string, std::uint64_t>> seen;  // variable -> (value, count)
  std::lock_guard<std::mutex> lock(mutex);
  const char* v = std::getenv(variable);
  auto& [value, counted] = seen[variable];
  if (v == nullptr || *v == '\0') {
    value.clear();
    return false;
  }
  if (value != v) {
    value = v;
    counted = 0;
  }
  return ++counted == std::strtoull(v, nullptr, 10);
}

/** FORCELAB_EMU_SHUFFLE=seed: kernels run their blocks and threads in a seeded random order (0: off). */
std::uint64_t shuffleSeed() {
  const char* v = std::getenv("FORCELAB_EMU_SHUFFLE");
  return v ? std::strtoull(v, nullptr, 10) : 0;
}

bool validStream(cudaStream_t s) {
  if (s == nullptr) return true;
  std::lock_guard<std::mutex> lock(registryMutex);
  return streams.count(s) != 0;
}

/** Host ranges from cudaMallocHost: copies from or to them stay asynchronous. */
std::map<const char*, std::size_t> pinnedRanges;

bool isPinned(const void* p) {
  std::lock_guard<std::mutex> lock(registryMutex);
  const char* c = static_cast<const char*>(p);
  auto it = pinnedRanges.upper_bound(c);
  if (it == pinnedRanges.begin()) return false;
  --it;
  return c < it->first + it->second;
}

/** Enqueues `work`; returns its stream and ticket (stream 0 is the legacy stream). */
std::pair<CUstream_st*, std::uint64_t> submit(cudaStream_t stream, std::function<void()> work) {
  CUstream_st* s = stream ? stream : legacyStream();
  // The legacy stream and blocking streams wait for each other's earlier work.
  std::vector<std::pair<CUstream_st*, std::uint64_t>> waits;
  if (s == legacyStream()) {
    std::lock_guard<std::mutex> lock(registryMutex);
    for (CUstream_st* other : streams)
      if (other->blocking) waits.emplace_back(other, lastTicket(other));
  } else if (s->blocking) {
    waits.emplace_back(legacyStream(), lastTicket(legacyStream()));
  }
  std::lock_guard<std::mutex> lock(s->mutex);
  for (auto [other, ticket] : waits) {
    if (ticket == 0) continue;
    s->queue.emplace_back(++s->enqueued, [other = other, ticket = ticket] { waitTicket(other, ticket); });
  }
  const std::uint64_t ticket = ++s->enqueued;
  s->queue.emplace_back(ticket, std::move(work));
  s->cv.notify_all();
  return {s, ticket};
}

/** A copy as CUDA orders it: staged when the source is pageable host memory, waited for when the
 *  destination is pageable host memory (the call returns once the data is there). */
cudaError_t copyOnStream(void* dst, const void* src, std::size_t bytes, cudaMemcpyKind kind, cudaStream_t stream,
                         bool waitAlways) {
  if (bytes == 0) return cudaSuccess;
  if (kind == cudaMemcpyHostToDevice && injectFault("FORCELAB_EMU_FAIL_UPLOAD")) {
    raiseSticky(cudaErrorLaunchFailure);
    return stickyError();
  }
  const bool fromHost = kind == cudaMemcpyHostToDevice || kind == cudaMemcpyHostToHost;
  const bool toHost = kind == cudaMemcpyDeviceToHost || kind == cudaMemcpyHostToHost;
  std::function<void()> work;
  if (fromHost && !isPinned(src)) {
    auto staged = std::make_shared<std::vector<char>>(static_cast<const char*>(src), static_cast<const char*>(src) + bytes);
    work = [dst, staged] { std::memcpy(dst, staged->data(), staged->size()); };
  } else {
    work = [dst, src, bytes] { std::memmove(dst, src, bytes); };
  }
  auto [s, ticket] = submit(stream, std::move(work));
  if (waitAlways || (toHost && !isPinned(dst)) || (fromHost && isPinned(src) && stream == nullptr)) waitTicket(s, ticket);
  return stickyError();
}

}  // namespace

namespace forcelab_emu {

void enqueue(cudaStream_t stream, std::function<void()> work) { submit(stream, std::move(work)); }

void launch(cudaStream_t stream, const char* kernel, int blocks, int threads, std::function<void()> threadBody) {
  (void)kernel;
  if (stickyError() != cudaSuccess) return;
  if (blocks <= 0 || threads <= 0 || threads > kMaxThreadsPerBlock || !validStream(stream)) {
    fail(cudaErrorInvalidConfiguration);
    return;
  }
  if (injectFault("FORCELAB_EMU_FAIL_LAUNCH")) {
    enqueue(stream, [] { raiseSticky(cudaErrorLaunchFailure); });
    return;
  }
  const std::uint64_t shuffle = shuffleSeed();
  enqueue(stream, [blocks, threads, shuffle, body = std::move(threadBody)]() {
    std::lock_guard<std::mutex> lock(kernelMutex);
    const std::uint64_t launchNumber = launchCounter.fetch_add(1) + 1;
    gridDim = dim3{static_cast<unsigned>(blocks), 1, 1};
    blockDim = dim3{static_cast<unsigned>(threads), 1, 1};
    // Descending order by default; with FORCELAB_EMU_SHUFFLE a random order of blocks and of threads in a
    // block (thread 0 still last, see cub::BlockReduce), so a kernel that depends on an order shows it.
    std::vector<unsigned> blockOrder(blocks), threadOrder(threads);
    for (int b = 0; b < blocks; ++b) blockOrder[b] = static_cast<unsigned>(blocks - 1 - b);
    for (int t = 0; t < threads; ++t) threadOrder[t] = static_cast<unsigned>(threads - 1 - t);
    std::uint64_t state = shuffle ^ (launchNumber * 0x9e3779b97f4a7c15ULL);
    auto next = [&state](std::uint64_t bound) {
      state += 0x9e3779b97f4a7c15ULL;  // SplitMix64
      std::uint64_t z = state;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      return (z ^ (z >> 31)) % bound;
    };
    if (shuffle) {
      for (std::size_t k = blockOrder.size(); k > 1; --k) std::swap(blockOrder[k - 1], blockOrder[next(k)]);
    }
    for (unsigned b : blockOrder) {
      blockIdx = uint3{b, 0, 0};
      if (shuffle) {
        // Fisher-Yates over all but the last entry (thread 0).
        for (std::size_t m = threadOrder.size() >= 2 ? threadOrder.size() - 2 : 0; m >= 1; --m) {
          std::swap(threadOrder[m], threadOrder[next(m + 1)]);
        }
      }
      for (unsigned t : threadOrder) {
        threadIdx = uint3{t, 0, 0};
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
  // cudaMalloc returns 256-byte aligned memory (the kernels' float4 loads rely on 16). Exactly `bytes`,
  // no padding, so the sanitized build sees a kernel reading past the end.
  void* mem = nullptr;
  if (posix_memalign(&mem, 256, std::max<std::size_t>(bytes, 1)) != 0) return fail(cudaErrorMemoryAllocation);
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
  if (posix_memalign(p, 256, std::max<std::size_t>(bytes, 1)) != 0) {
    *p = nullptr;
    return fail(cudaErrorMemoryAllocation);
  }
  std::lock_guard<std::mutex> lock(registryMutex);
  pinnedRanges[static_cast<const char*>(*p)] = std::max<std::size_t>(bytes, 1);
  return cudaSuccess;
}

cudaError_t cudaFreeHost(void* p) {
  if (p == nullptr) return cudaSuccess;
  {
    std::lock_guard<std::mutex> lock(registryMutex);
    pinnedRanges.erase(static_cast<const char*>(p));
  }
  std::free(p);
  return stickyError();
}

// cudaMemcpy: from pageable memory to the device it returns once the source is staged (the device write
// comes later, on the legacy stream); to pageable host memory it returns once the data is there.
cudaError_t cudaMemcpy(void* dst, const void* src, std::size_t bytes, cudaMemcpyKind kind) {
  if (stickyError() != cudaSuccess) return stickyError();
  const bool waitAlways = kind == cudaMemcpyDeviceToHost || kind == cudaMemcpyHostToHost;
  return copyOnStream(dst, src, bytes, kind, nullptr, waitAlways);
}

cudaError_t cudaMemcpyAsync(void* dst, const void* src, std::size_t bytes, cudaMemcpyKind kind, cudaStream_t stream) {
  if (stickyError() != cudaSuccess) return stickyError();
  if (!validStream(stream)) return fail(cudaErrorInvalidResourceHandle);
  return copyOnStream(dst, src, bytes, kind, stream, false);
}

// cudaMemset of device memory is asynchronous to the host, on the legacy stream.
cudaError_t cudaMemset(void* dst, int value, std::size_t bytes) { return cudaMemsetAsync(dst, value, bytes, nullptr); }

cudaError_t cudaMemsetAsync(void* dst, int value, std::size_t bytes, cudaStream_t stream) {
  if (stickyError() != cudaSuccess) return stickyError();
  if (!validStream(stream)) return fail(cudaErrorInvalidResourceHandle);
  if (bytes) submit(stream, [=] { std::memset(dst, value, bytes); });
  return cudaSuccess;
}

cudaError_t cudaStreamCreateWithFlags(cudaStream_t* stream, unsigned flags) {
  CUstream_st* s = startStream((flags & cudaStreamNonBlocking) == 0, std::chrono::microseconds(0));
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
  waitIdle(s ? s : legacyStream());
  return stickyError();
}

cudaError_t cudaStreamQuery(cudaStream_t s) {
  if (stickyError() != cudaSuccess) return stickyError();
  if (!validStream(s)) return fail(cudaErrorInvalidResourceHandle);
  CUstream_st* q = s ? s : legacyStream();
  std::lock_guard<std::mutex> lock(q->mutex);
  return q->completed == q->enqueued ? cudaSuccess : cudaErrorNotReady;
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
  waitIdle(legacyStream());
  return stickyError();
}

cudaError_t cudaEventCreateWithFlags(cudaEvent_t* event, unsigned flags) {
  *event = new CUevent_st();
  (*event)->timed = (flags & cudaEventDisableTiming) == 0;
  return cudaSuccess;
}

cudaError_t cudaEventElapsedTime(float* ms, cudaEvent_t start, cudaEvent_t end) {
  if (stickyError() != cudaSuccess) return stickyError();
  if (start == nullptr || end == nullptr || !start->timed || !end->timed) return fail(cudaErrorInvalidResourceHandle);
  std::chrono::steady_clock::time_point a, b;
  {
    std::lock_guard<std::mutex> lock(start->mutex);
    if (start->recorded == 0 || start->completed < start->recorded) return fail(cudaErrorNotReady);
    a = start->when;
  }
  {
    std::lock_guard<std::mutex> lock(end->mutex);
    if (end->recorded == 0 || end->completed < end->recorded) return fail(cudaErrorNotReady);
    b = end->when;
  }
  *ms = std::chrono::duration<float, std::milli>(b - a).count();
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
    if (mine > e->completed) {
      e->completed = mine;
      e->when = std::chrono::steady_clock::now();
    }
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
