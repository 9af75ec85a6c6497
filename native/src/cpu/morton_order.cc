#include "cpu/morton_order.h"

#include <algorithm>
#include <cfloat>
#include <cstring>

#include "shared/morton.cuh"  // the same keys as the CUDA backend, from one definition

namespace forcelab {
namespace {

struct Box {
  float lo[3] = {FLT_MAX, FLT_MAX, FLT_MAX};
  float hi[3] = {-FLT_MAX, -FLT_MAX, -FLT_MAX};
};

}  // namespace

MortonOrder sortByMorton(ThreadPool& pool, LaunchSizing& sizing, HostPool& scratch, const float* x, const float* y,
                         const float* z, uint32_t n, int dims) {
  MortonOrder out;
  uint64_t* codes = scratch.get<uint64_t>("morton.codes", n);
  uint32_t* order = scratch.get<uint32_t>("morton.order", n);
  uint64_t* codesTmp = scratch.get<uint64_t>("morton.codesTmp", n);
  uint32_t* orderTmp = scratch.get<uint32_t>("morton.orderTmp", n);

  // Bounding box: one partial box per thread.
  Box* partial = scratch.get<Box>("morton.boxes", pool.size());
  for (unsigned t = 0; t < pool.size(); ++t) partial[t] = Box();
  sizing.chunks += pool.parallelFor(n, sizing.chunk(n, 16384), [&](size_t b, size_t e, unsigned t) {
    Box& box = partial[t];
    const float* axis[3] = {x, y, z};
    for (int d = 0; d < dims; ++d) {
      float lo = box.lo[d], hi = box.hi[d];
      for (size_t i = b; i < e; ++i) {
        lo = std::min(lo, axis[d][i]);
        hi = std::max(hi, axis[d][i]);
      }
      box.lo[d] = lo;
      box.hi[d] = hi;
    }
  });
  Box all;
  for (unsigned t = 0; t < pool.size(); ++t) {
    for (int d = 0; d < 3; ++d) {
      all.lo[d] = std::min(all.lo[d], partial[t].lo[d]);
      all.hi[d] = std::max(all.hi[d], partial[t].hi[d]);
    }
  }
  const MortonFrame frame = mortonFrame(all.lo, all.hi, dims);  // one cube for all axes keeps cells cubic

  sizing.chunks += pool.parallelFor(n, sizing.chunk(n, 8192), [&](size_t b, size_t e, unsigned) {
    for (size_t i = b; i < e; ++i) {
      codes[i] = mortonKey(x[i], y[i], dims == 3 ? z[i] : 0.f, frame, dims);
      order[i] = static_cast<uint32_t>(i);
    }
  });

  // LSD radix sort, 11-bit digits, parallel over contiguous slices: per-slice histograms, a prefix over
  // (digit, slice), then each slice scatters its keys, which keeps the sort stable. A pass whose digit is
  // the same for every key is skipped.
  constexpr int kDigit = 11;
  constexpr size_t kBuckets = size_t(1) << kDigit;
  const int keyBits = kMortonAxisBits * dims;
  const size_t slices = n < 65536 ? 1 : pool.size();
  const size_t sliceLen = (n + slices - 1) / std::max<size_t>(slices, 1);
  uint32_t* hist = scratch.get<uint32_t>("morton.histograms", slices * kBuckets);
  uint64_t* src = codes;
  uint32_t* srcOrder = order;
  uint64_t* dst = codesTmp;
  uint32_t* dstOrder = orderTmp;
  for (int shift = 0; shift < keyBits && n > 0; shift += kDigit) {
    std::fill(hist, hist + slices * kBuckets, 0u);
    sizing.chunks += pool.parallelFor(n, sliceLen, [&](size_t b, size_t e, unsigned) {
      uint32_t* h = hist + (b / sliceLen) * kBuckets;
      for (size_t i = b; i < e; ++i) ++h[(src[i] >> shift) & (kBuckets - 1)];
    });
    size_t firstDigit = (src[0] >> shift) & (kBuckets - 1);
    uint32_t sameDigit = 0;
    for (size_t t = 0; t < slices; ++t) sameDigit += hist[t * kBuckets + firstDigit];
    if (sameDigit == n) continue;
    uint32_t sum = 0;
    for (size_t d = 0; d < kBuckets; ++d)
      for (size_t t = 0; t < slices; ++t) {
        uint32_t v = hist[t * kBuckets + d];
        hist[t * kBuckets + d] = sum;
        sum += v;
      }
    sizing.chunks += pool.parallelFor(n, sliceLen, [&](size_t b, size_t e, unsigned) {
      uint32_t* h = hist + (b / sliceLen) * kBuckets;
      for (size_t i = b; i < e; ++i) {
        uint32_t pos = h[(src[i] >> shift) & (kBuckets - 1)]++;
        dst[pos] = src[i];
        dstOrder[pos] = srcOrder[i];
      }
    });
    std::swap(src, dst);
    std::swap(srcOrder, dstOrder);
  }
  out.codes = src;
  out.order = srcOrder;
  return out;
}

}  // namespace forcelab
