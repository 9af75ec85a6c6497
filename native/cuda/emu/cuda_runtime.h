// The CUDA emulator: just enough of the CUDA runtime for ForceLab's CUDA backend to compile with g++ and
// run on the CPU, so the backend's host orchestration (buffers, streams, events, host callbacks, CUB calls,
// launch shapes) and its kernels run in the tests of machines without a GPU. Only the emulated addon
// (scripts/build-cuda-emulator.mjs) puts this folder on the include path; a real build never sees it.
//
// What it models, because the backend depends on it:
// - streams run their work in order on a worker thread of their own, asynchronously to the caller, so a
//   missing wait or event shows up as a wrong frame;
// - the legacy stream (stream 0) too, with a delay before each operation: cudaMemset and cudaMemcpy from
//   pageable memory to the device return before the data lands, as on a device, so work on a non-blocking
//   stream that is not ordered after them reads stale data; copies from pageable memory are staged at the
//   call and copies to pageable memory return once done, as CUDA specifies;
// - events count records and completions; cudaStreamWaitEvent waits for the record it saw;
// - host functions run on the stream's worker, after everything enqueued before them;
// - a kernel runs block by block, the threads of a block in descending threadIdx order (so thread 0, which
//   gets a cub::BlockReduce result, runs last), one kernel at a time process-wide (__shared__ is static);
//   FORCELAB_EMU_SHUFFLE=seed runs blocks and threads in a seeded random order instead (thread 0 still
//   last), so a kernel whose result depends on the order its threads run in shows it;
// - launch configuration errors (0 blocks, more than 1024 threads) are sticky errors like the real ones,
//   and FORCELAB_EMU_FAIL_LAUNCH=N / FORCELAB_EMU_FAIL_UPLOAD=N make the N-th kernel launch / host-to-device
//   copy fault (sticky), to test the engine's CPU fallback.
// What it does not model: the parallel interleaving of threads (races inside a kernel), warp intrinsics,
// device memory being unreachable from the host.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <tuple>
#include <type_traits>
#include <utility>

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __launch_bounds__(...)
#define __shared__ static
#define CUDART_CB

enum cudaError_t {
  cudaSuccess = 0,
  cudaErrorInvalidValue = 1,
  cudaErrorMemoryAllocation = 2,
  cudaErrorInvalidConfiguration = 9,
  cudaErrorInvalidResourceHandle = 400,
  cudaErrorNotReady = 600,
  cudaErrorNoDevice = 100,
  cudaErrorLaunchFailure = 719,
};
using cudaError = cudaError_t;

enum cudaMemcpyKind {
  cudaMemcpyHostToHost = 0,
  cudaMemcpyHostToDevice = 1,
  cudaMemcpyDeviceToHost = 2,
  cudaMemcpyDeviceToDevice = 3,
  cudaMemcpyDefault = 4,
};

constexpr unsigned cudaStreamNonBlocking = 1;
constexpr unsigned cudaEventDefault = 0;
constexpr unsigned cudaEventDisableTiming = 2;

struct CUstream_st;
struct CUevent_st;
using cudaStream_t = CUstream_st*;
using cudaEvent_t = CUevent_st*;
using cudaHostFn_t = void (*)(void*);

struct uint3 {
  unsigned x = 0, y = 0, z = 0;
};
struct dim3 {
  unsigned x = 1, y = 1, z = 1;
};
struct alignas(16) float4 {
  float x, y, z, w;
};
inline float4 make_float4(float x, float y, float z, float w) { return float4{x, y, z, w}; }

// The emulated thread's coordinates, set by the launcher before each thread body runs.
inline thread_local uint3 threadIdx;
inline thread_local uint3 blockIdx;
inline thread_local dim3 blockDim;
inline thread_local dim3 gridDim;

// Device intrinsics. The emulator runs one thread at a time, so the atomics only need to be atomic
// against the host (the stream runs on its own thread).
inline unsigned atomicAdd(unsigned* address, unsigned value) { return __atomic_fetch_add(address, value, __ATOMIC_SEQ_CST); }
inline int atomicAdd(int* address, int value) { return __atomic_fetch_add(address, value, __ATOMIC_SEQ_CST); }
inline void __threadfence() { __atomic_thread_fence(__ATOMIC_SEQ_CST); }
inline float4 __ldcg(const float4* p) { return *p; }
inline float __ldcg(const float* p) { return *p; }

cudaError_t cudaGetDeviceCount(int* count);
cudaError_t cudaSetDevice(int device);
cudaError_t cudaGetLastError();
cudaError_t cudaPeekAtLastError();
const char* cudaGetErrorString(cudaError_t code);
const char* cudaGetErrorName(cudaError_t code);
cudaError_t cudaMemGetInfo(std::size_t* freeBytes, std::size_t* totalBytes);

cudaError_t cudaMalloc(void** p, std::size_t bytes);
cudaError_t cudaFree(void* p);
cudaError_t cudaMallocHost(void** p, std::size_t bytes);
cudaError_t cudaFreeHost(void* p);
template <class T>
cudaError_t cudaMalloc(T** p, std::size_t bytes) {
  return cudaMalloc(reinterpret_cast<void**>(p), bytes);
}

cudaError_t cudaMemcpy(void* dst, const void* src, std::size_t bytes, cudaMemcpyKind kind);
cudaError_t cudaMemcpyAsync(void* dst, const void* src, std::size_t bytes, cudaMemcpyKind kind,
                            cudaStream_t stream = nullptr);
cudaError_t cudaMemset(void* dst, int value, std::size_t bytes);
cudaError_t cudaMemsetAsync(void* dst, int value, std::size_t bytes, cudaStream_t stream = nullptr);

cudaError_t cudaStreamCreateWithFlags(cudaStream_t* stream, unsigned flags);
cudaError_t cudaStreamDestroy(cudaStream_t stream);
cudaError_t cudaStreamSynchronize(cudaStream_t stream);
cudaError_t cudaStreamQuery(cudaStream_t stream);
cudaError_t cudaStreamWaitEvent(cudaStream_t stream, cudaEvent_t event, unsigned flags = 0);
cudaError_t cudaLaunchHostFunc(cudaStream_t stream, cudaHostFn_t fn, void* userData);
cudaError_t cudaDeviceSynchronize();

cudaError_t cudaEventCreateWithFlags(cudaEvent_t* event, unsigned flags);
cudaError_t cudaEventDestroy(cudaEvent_t event);
cudaError_t cudaEventRecord(cudaEvent_t event, cudaStream_t stream = nullptr);
cudaError_t cudaEventQuery(cudaEvent_t event);
cudaError_t cudaEventSynchronize(cudaEvent_t event);
cudaError_t cudaEventElapsedTime(float* ms, cudaEvent_t start, cudaEvent_t end);

namespace forcelab_emu {

/** Runs `work` on the stream in order (nullptr: at once, on the caller's thread). */
void enqueue(cudaStream_t stream, std::function<void()> work);
/** Launches one kernel: checks the shape (a bad one leaves the error for cudaGetLastError, as CUDA does),
 *  then enqueues the grid: every block, every thread of it in descending threadIdx order, one kernel at a
 *  time process-wide. */
void launch(cudaStream_t stream, const char* kernel, int blocks, int threads, std::function<void()> threadBody);
/** CUB's two-call protocol, for the fake device-wide primitives: a null `temp` asks for the scratch size
 *  (answered in `bytes`, true: return now); otherwise false, and the caller checks `bytes` against `needed`. */
inline bool answerSizeQuery(void* temp, std::size_t& bytes, std::size_t needed) {
  if (temp != nullptr) return false;
  bytes = needed;
  return true;
}
/** Which launch is running, process-wide (cub::BlockReduce keys its scratch by it). */
std::uint64_t currentLaunch();

template <class... Params>
struct Launcher {
  void (*kernel)(Params...);
  const char* name;
  int blocks;
  int threads;
  cudaStream_t stream;

  template <class... Args>
  void operator()(Args&&... args) const {
    // Arguments are copied at launch, as CUDA copies them into the launch's parameter buffer.
    launch(stream, name, blocks, threads,
           [k = kernel, params = std::tuple<std::decay_t<Params>...>(std::forward<Args>(args)...)]() {
             std::apply(k, params);
           });
  }
};

template <class... Params>
Launcher<Params...> launcher(void (*kernel)(Params...), const char* name, int blocks, int threads,
                             cudaStream_t stream) {
  return Launcher<Params...>{kernel, name, blocks, threads, stream};
}

/** The emulated device's occupancy answer: a deliberately small grid, so grid-stride loops do real work. */
void occupancy(int* minGridSize, int* blockSize);

}  // namespace forcelab_emu

template <class Kernel>
cudaError_t cudaOccupancyMaxPotentialBlockSize(int* minGridSize, int* blockSize, Kernel, std::size_t = 0, int = 0) {
  forcelab_emu::occupancy(minGridSize, blockSize);
  return cudaSuccess;
}
