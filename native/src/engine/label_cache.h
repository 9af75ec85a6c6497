// Cluster labels: the raw labels of the newest clustering and the labelCache switch's mapping of them to
// compact indices ordered by cluster size (label_map.h), kept per label version so a read per frame costs a
// copy, not a recomputation. A generation per graph drops labels a clustering of an older graph delivers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>

#include "engine/figures.h"
#include "memory_tracker.h"

namespace forcelab {

class LabelCache {
 public:
  explicit LabelCache(MemoryTracker& tracker) : tracker_(tracker) {}

  /** A new graph: the old labels go; returns the new generation. */
  uint64_t newGraph();
  uint64_t generation() const;
  /** A graph delta: the labels follow it (source[i] = the old slot of new slot i, or 0xffffffff for a new
   *  node, which gets a cluster of its own); clusterings of the graph before it are dropped (new generation). */
  void graphDelta(const uint32_t* source, uint32_t n);
  /** Installs a clustering's raw labels (n entries) if it is of the current generation; the version they got
   *  into *version. false (nothing installed) for labels of an older graph. */
  bool publish(HostBuffer<uint32_t> raw, uint64_t generation, uint64_t* version);
  /** Compact labels into out; false when there are none (nothing clustered on a non-empty graph). With
   *  useCache the mapping is reused while the version stands; each read is counted in figures. */
  bool read(uint32_t* out, size_t length, uint32_t nodeCount, bool useCache, EngineFigures& figures,
            uint64_t* version, uint32_t* clusters);
  void release();

 private:
  MemoryTracker& tracker_;
  mutable std::mutex mutex_;
  uint64_t generation_ = 0;
  HostBuffer<uint32_t> raw_, compact_;
  uint64_t version_ = 0;
  uint64_t cachedVersion_ = 0;
  uint32_t clusterCount_ = 0;
};

}  // namespace forcelab
