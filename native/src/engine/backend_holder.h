// The engine's one backend and the rule that a CUDA failure ends neither the process nor the layout: the
// engine moves to the CPU backend, keeping the positions, and says why (fallbackReason). The stepping thread
// uses the backend under the engine's state lock; readPositions and the name may be read from the JS thread
// at any time, so swapping the backend takes a lock of its own.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "backend.h"
#include "engine/host_graph.h"

namespace forcelab {

class BackendHolder {
 public:
  /** backend: auto | cpu | cuda (anything else throws std::invalid_argument). */
  BackendHolder(MemoryTracker& tracker, const std::string& backend, unsigned threads, uint64_t seed, bool background = false);

  Backend& get() { return *backend_; }
  const char* name() const { return name_.load(); }
  std::string fallbackReason() const;

  /** Runs `work` on the backend. A CUDA failure moves the engine to the CPU, saying "CUDA error <what>: ...",
   *  and runs `work` again there. The caller holds the engine's state lock; `graph` is its host copy and
   *  `params` seed positions where even the newest snapshot is unreadable. */
  template <class Work>
  auto withCpuFallbackLocked(const char* what, const HostGraph& graph, const LayoutParams& params, Work&& work)
      -> decltype(work()) {
    try {
      return work();
    } catch (const std::exception& e) {
      if (std::string(backend_->name()) != "cuda") throw;
      fallBackToCpuLocked(std::string("CUDA error ") + what + ": " + e.what(), graph, params);
      return work();
    }
  }

  /** setGraph failed on CUDA (which freed its old graph first): continue on a CPU backend given this graph. */
  void replaceWithCpu(const GraphView& view, const float* xyz, const std::string& why);

  uint64_t readPositions(float* out) const;
  DeviceMemoryInfo deviceMemory() const;
  void release();

 private:
  void fallBackToCpuLocked(const std::string& why, const HostGraph& graph, const LayoutParams& params);
  void install(std::unique_ptr<Backend> next, const std::string& why);

  MemoryTracker& tracker_;
  unsigned threads_;
  bool background_;  // CPU workers in the background class (thread_priority.h)
  uint64_t seed_;
  std::unique_ptr<Backend> backend_;
  std::atomic<const char*> name_{"cpu"};  // a backend's name() is a string literal
  mutable std::mutex mutex_;              // guards swapping backend_ against JS-thread readers
  std::string fallbackReason_;
};

}  // namespace forcelab
