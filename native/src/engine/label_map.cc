#include "engine/label_map.h"

#include <algorithm>

namespace forcelab {

uint32_t compactLabels(MemoryTracker& tracker, const uint32_t* raw, uint32_t n, uint32_t* compact) {
  if (n == 0) return 0;
  HostBuffer<uint32_t> size(tracker, "labels.mapSizes", n);
  std::fill(size.data(), size.data() + n, 0u);
  for (uint32_t i = 0; i < n; ++i) ++size[raw[i]];
  uint32_t k = 0;
  for (uint32_t l = 0; l < n; ++l) k += size[l] > 0;
  HostBuffer<uint32_t> labels(tracker, "labels.mapOrder", k);
  for (uint32_t l = 0, j = 0; l < n; ++l)
    if (size[l]) labels[j++] = l;
  std::sort(labels.data(), labels.data() + k, [&](uint32_t a, uint32_t b) {
    return size[a] != size[b] ? size[a] > size[b] : a < b;
  });
  for (uint32_t j = 0; j < k; ++j) size[labels[j]] = j;  // reuse: label -> compact index
  for (uint32_t i = 0; i < n; ++i) compact[i] = size[raw[i]];
  return k;
}

}  // namespace forcelab
