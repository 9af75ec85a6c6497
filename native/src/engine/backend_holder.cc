#include "engine/backend_holder.h"

#include <stdexcept>

#include "engine/initial_positions.h"

namespace forcelab {

BackendHolder::BackendHolder(MemoryTracker& tracker, const std::string& backend, unsigned threads, uint64_t seed, bool background)
    : tracker_(tracker), threads_(threads), background_(background), seed_(seed) {
  if (backend != "auto" && backend != "cpu" && backend != "cuda")
    throw std::invalid_argument("backend must be 'auto', 'cpu' or 'cuda', got '" + backend + "'");
  if (backend != "cpu") {
    std::string whyNot;
    try {
      backend_ = makeCudaBackend(tracker_, &whyNot);
    } catch (const std::exception& e) {  // a CUDA failure must not take the engine down: use the CPU
      backend_.reset();
      whyNot = std::string("CUDA backend failed: ") + e.what();
    }
    if (!backend_) fallbackReason_ = whyNot.empty() ? "no CUDA device" : whyNot;
  }
  if (!backend_) backend_ = makeCpuBackend(tracker_, threads_, background_);
  name_ = backend_->name();
}

std::string BackendHolder::fallbackReason() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return fallbackReason_;
}

void BackendHolder::install(std::unique_ptr<Backend> next, const std::string& why) {
  std::unique_ptr<Backend> old;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    old = std::move(backend_);
    backend_ = std::move(next);
    fallbackReason_ = why;
    name_ = backend_->name();
  }
  old.reset();  // frees its device buffers (their destructors ignore errors from a broken context)
}

void BackendHolder::replaceWithCpu(const GraphView& view, const float* xyz, const std::string& why) {
  std::unique_ptr<Backend> cpu = makeCpuBackend(tracker_, threads_, background_);
  cpu->setGraph(view, xyz);
  install(std::move(cpu), why);
}

void BackendHolder::fallBackToCpuLocked(const std::string& why, const HostGraph& graph, const LayoutParams& params) {
  const uint32_t n = graph.nodeCount;
  // Keep the layout where it was: the newest host snapshot, or reseed where even that is unreadable.
  HostBuffer<float> xyz(tracker_, "fallback.positions", size_t(3) * n);
  bool havePositions = false;
  try {
    backend_->readPositions(xyz.data());
    havePositions = true;
  } catch (const std::exception&) {
  }
  if (!havePositions) seedPositions(n, params, seed_, nullptr, xyz.data());
  std::unique_ptr<Backend> cpu = makeCpuBackend(tracker_, threads_, background_);
  cpu->setGraph(graph.view(), xyz.data());
  if (n) cpu->setPinned(graph.pinned.data());
  install(std::move(cpu), why);
}

uint64_t BackendHolder::readPositions(float* out) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return backend_->readPositions(out);
}

DeviceMemoryInfo BackendHolder::deviceMemory() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return backend_ ? backend_->deviceMemory() : DeviceMemoryInfo{};
}

void BackendHolder::release() {
  std::lock_guard<std::mutex> lock(mutex_);
  backend_.reset();
}

}  // namespace forcelab
