#include "engine/label_cache.h"

#include <chrono>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "engine/label_map.h"

namespace forcelab {

uint64_t LabelCache::newGraph() {
  std::lock_guard<std::mutex> lock(mutex_);
  raw_.reset();
  compact_.reset();
  ++version_;
  clusterCount_ = 0;
  return ++generation_;
}

uint64_t LabelCache::generation() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return generation_;
}

void LabelCache::graphDelta(const uint32_t* source, uint32_t n) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++generation_;
  ++version_;
  if (raw_.size() == 0) return;
  // Raw labels are node ids of a cluster member (label_map.h needs them < n): each old label becomes the
  // first new slot that holds it; a new node is its own cluster.
  HostBuffer<uint32_t> next(tracker_, "labels.raw", n);
  std::vector<uint32_t> rep(raw_.size(), 0xffffffffu);
  for (uint32_t i = 0; i < n; ++i) {
    if (source[i] == 0xffffffffu) {
      next[i] = i;
      continue;
    }
    uint32_t& r = rep[raw_[source[i]]];
    if (r == 0xffffffffu) r = i;
    next[i] = r;
  }
  raw_ = std::move(next);
}

bool LabelCache::publish(HostBuffer<uint32_t> raw, uint64_t generation, uint64_t* version) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (generation != generation_) return false;
  raw_ = std::move(raw);
  *version = ++version_;
  return true;
}

bool LabelCache::read(uint32_t* out, size_t length, uint32_t nodeCount, bool useCache, EngineFigures& figures,
                      uint64_t* version, uint32_t* clusters) {
  std::lock_guard<std::mutex> lock(mutex_);
  const uint32_t n = static_cast<uint32_t>(raw_.size());
  if (raw_.size() == 0 && nodeCount != 0) return false;
  if (length < n) throw std::invalid_argument("labels buffer too small");
  if (useCache && cachedVersion_ == version_ && compact_.size() == n) {
    figures.recordLabelMap(/*hit=*/true, 0);
  } else {
    const auto t0 = std::chrono::steady_clock::now();
    if (compact_.size() != n) compact_ = HostBuffer<uint32_t>(tracker_, "labels.compact", n);
    clusterCount_ = compactLabels(tracker_, raw_.data(), n, compact_.data());
    cachedVersion_ = version_;
    figures.recordLabelMap(/*hit=*/false,
                           std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  if (n) std::memcpy(out, compact_.data(), size_t(n) * sizeof(uint32_t));
  *version = version_;
  *clusters = clusterCount_;
  return true;
}

void LabelCache::release() {
  std::lock_guard<std::mutex> lock(mutex_);
  raw_.reset();
  compact_.reset();
}

}  // namespace forcelab
