#include "cpu/repulsion.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <string>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace forcelab {
namespace {

constexpr uint32_t kLanes = 8;

struct List {
  float *x, *y, *z, *m;
  uint32_t capacity;
};

// Sums one body against the list (portable path). Eight independent accumulators per quantity let the
// compiler vectorise without reassociating float sums (no -ffast-math), so results are deterministic.
void sumAgainstListGeneric(const float* __restrict lx, const float* __restrict ly, const float* __restrict lz,
                           const float* __restrict lm, uint32_t len, float xi, float yi, float zi, float eps2,
                           float* out) {
  float ax[kLanes] = {}, ay[kLanes] = {}, az[kLanes] = {}, ap[kLanes] = {};
  for (uint32_t j = 0; j < len; j += kLanes) {
    for (uint32_t l = 0; l < kLanes; ++l) {
      float dx = xi - lx[j + l], dy = yi - ly[j + l], dz = zi - lz[j + l];
      float r2 = dx * dx + dy * dy + dz * dz + eps2;
      float inv = 1.0f / std::sqrt(r2);
      float mi = lm[j + l] * inv;
      float mi3 = mi * inv * inv;
      ax[l] += dx * mi3;
      ay[l] += dy * mi3;
      az[l] += dz * mi3;
      ap[l] += mi;
    }
  }
  float sx = 0, sy = 0, sz = 0, sp = 0;
  for (uint32_t l = 0; l < kLanes; ++l) {
    sx += ax[l];
    sy += ay[l];
    sz += az[l];
    sp += ap[l];
  }
  out[0] = sx;
  out[1] = sy;
  out[2] = sz;
  out[3] = sp;
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define FORCELAB_HAVE_AVX2_KERNEL 1
// AVX2 + FMA: hardware reciprocal square root refined by one Newton step (about 22 good bits, the same
// accuracy class as CUDA's rsqrtf) instead of a square root and a division.
__attribute__((target("avx2,fma"))) float hsum(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_shuffle_ps(s, s, 1));
  return _mm_cvtss_f32(s);
}

__attribute__((target("avx2,fma"))) void sumAgainstListAvx2(const float* lx, const float* ly, const float* lz,
                                                             const float* lm, uint32_t len, float xi, float yi,
                                                             float zi, float eps2, float* out) {
  const __m256 px = _mm256_set1_ps(xi), py = _mm256_set1_ps(yi), pz = _mm256_set1_ps(zi);
  const __m256 e = _mm256_set1_ps(eps2), half = _mm256_set1_ps(0.5f), threeHalves = _mm256_set1_ps(1.5f);
  __m256 ax = _mm256_setzero_ps(), ay = ax, az = ax, ap = ax;
  for (uint32_t j = 0; j < len; j += kLanes) {
    __m256 dx = _mm256_sub_ps(px, _mm256_loadu_ps(lx + j));
    __m256 dy = _mm256_sub_ps(py, _mm256_loadu_ps(ly + j));
    __m256 dz = _mm256_sub_ps(pz, _mm256_loadu_ps(lz + j));
    __m256 r2 = _mm256_fmadd_ps(dx, dx, _mm256_fmadd_ps(dy, dy, _mm256_fmadd_ps(dz, dz, e)));
    __m256 y = _mm256_rsqrt_ps(r2);
    y = _mm256_mul_ps(y, _mm256_fnmadd_ps(_mm256_mul_ps(half, r2), _mm256_mul_ps(y, y), threeHalves));
    __m256 mi = _mm256_mul_ps(_mm256_loadu_ps(lm + j), y);
    __m256 mi3 = _mm256_mul_ps(mi, _mm256_mul_ps(y, y));
    ax = _mm256_fmadd_ps(dx, mi3, ax);
    ay = _mm256_fmadd_ps(dy, mi3, ay);
    az = _mm256_fmadd_ps(dz, mi3, az);
    ap = _mm256_add_ps(ap, mi);
  }
  out[0] = hsum(ax);
  out[1] = hsum(ay);
  out[2] = hsum(az);
  out[3] = hsum(ap);
}
#endif

using ListKernel = void (*)(const float*, const float*, const float*, const float*, uint32_t, float, float, float,
                            float, float*);

ListKernel pickKernel() {
#ifdef FORCELAB_HAVE_AVX2_KERNEL
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return sumAgainstListAvx2;
#endif
  return sumAgainstListGeneric;
}

const ListKernel sumAgainstList = pickKernel();

}  // namespace

namespace {

constexpr unsigned kBatch = 8;  // groups walked together

/** The boxes of up to kBatch groups, one array per bound so 4 groups compare in one SSE operation. */
struct BatchBoxes {
  alignas(16) float lo[3][kBatch];
  alignas(16) float hi[3][kBatch];
};

/** Bit g set when group g would approximate the node: squared distance from the node's centre of mass to
 *  the group's box (computed as ((dx*dx + dy*dy) + dz*dz), the same rounding as the scalar form) exceeds
 *  rcrit2. */
inline uint32_t acceptMask(const BatchBoxes& b, const TreeNode& nd) {
#if defined(__SSE2__)
  const __m128 cx = _mm_set1_ps(nd.cx), cy = _mm_set1_ps(nd.cy), cz = _mm_set1_ps(nd.cz);
  const __m128 r2 = _mm_set1_ps(nd.rcrit2), zero = _mm_setzero_ps();
  uint32_t mask = 0;
  for (unsigned h = 0; h < kBatch; h += 4) {
    __m128 dx = _mm_max_ps(_mm_max_ps(_mm_sub_ps(_mm_load_ps(b.lo[0] + h), cx), _mm_sub_ps(cx, _mm_load_ps(b.hi[0] + h))), zero);
    __m128 dy = _mm_max_ps(_mm_max_ps(_mm_sub_ps(_mm_load_ps(b.lo[1] + h), cy), _mm_sub_ps(cy, _mm_load_ps(b.hi[1] + h))), zero);
    __m128 dz = _mm_max_ps(_mm_max_ps(_mm_sub_ps(_mm_load_ps(b.lo[2] + h), cz), _mm_sub_ps(cz, _mm_load_ps(b.hi[2] + h))), zero);
    __m128 d2 = _mm_add_ps(_mm_add_ps(_mm_mul_ps(dx, dx), _mm_mul_ps(dy, dy)), _mm_mul_ps(dz, dz));
    mask |= uint32_t(_mm_movemask_ps(_mm_cmpgt_ps(d2, r2))) << h;
  }
  return mask;
#else
  uint32_t mask = 0;
  for (unsigned g = 0; g < kBatch; ++g) {
    float dx = std::max(std::max(b.lo[0][g] - nd.cx, nd.cx - b.hi[0][g]), 0.0f);
    float dy = std::max(std::max(b.lo[1][g] - nd.cy, nd.cy - b.hi[1][g]), 0.0f);
    float dz = std::max(std::max(b.lo[2][g] - nd.cz, nd.cz - b.hi[2][g]), 0.0f);
    float d2 = dx * dx + dy * dy;
    d2 = d2 + dz * dz;
    mask |= uint32_t(d2 > nd.rcrit2) << g;
  }
  return mask;
#endif
}

}  // namespace

double computeRepulsion(ThreadPool& pool, LaunchSizing& sizing, HostPool& scratch, const Octree& tree,
                        const SortedBodies& bodies, float repulsion, float eps2, float* forces,
                        uint32_t& listCapacity, const std::atomic<bool>& interrupt, bool* interrupted) {
  *interrupted = false;
  if (bodies.n == 0) return 0;
  const unsigned threads = pool.size();
  // Lists keep their size across steps (pooled); a list that overflows makes the phase run again with
  // larger lists, which only happens while the layout is still changing shape.
  uint32_t capacity = std::max(listCapacity, std::min<uint32_t>(bodies.n, 4096) + kLanes);
  // Per-thread lists and potentials live in the scratch pool too: a pooled step allocates nothing.
  double* potential = scratch.get<double>("repulsion.potential", size_t(threads) * 8);  // 64 B apart
  List* lists = scratch.get<List>("repulsion.lists", size_t(threads) * kBatch);
  const uint32_t batches = (tree.groupCount + kBatch - 1) / kBatch;
  for (;;) {
    for (unsigned t = 0; t < threads; ++t) {
      float* base = scratch.get<float>("repulsion.list" + std::to_string(t), size_t(4) * kBatch * capacity);
      for (unsigned g = 0; g < kBatch; ++g) {
        float* q = base + size_t(4) * g * capacity;
        lists[t * kBatch + g] = {q, q + capacity, q + 2 * size_t(capacity), q + 3 * size_t(capacity), capacity};
      }
    }
    for (unsigned t = 0; t < threads; ++t) potential[8 * t] = 0.0;
    std::atomic<uint32_t> needed{0};
    const float selfPotential = 1.0f / std::sqrt(eps2);

    // One walk serves kBatch neighbouring groups: each node is tested against all their boxes at once and
    // appended to the lists of the groups that reach it, in the same depth-first order a walk per group
    // would produce. A stack restores the set of still-walking groups when a subtree ends.
    sizing.chunks += pool.parallelFor(batches, sizing.chunk(batches, 1), [&](size_t b, size_t e, unsigned t) {
      List* list = lists + size_t(t) * kBatch;
      double pot = 0;
      for (size_t batch = b; batch < e; ++batch) {
        if (interrupt.load(std::memory_order_relaxed)) break;  // the chunk's other batches too: skip them
        const uint32_t first = uint32_t(batch * kBatch);
        const uint32_t count = std::min<uint32_t>(kBatch, tree.groupCount - first);
        BatchBoxes boxes;
        for (unsigned g = 0; g < kBatch; ++g) {
          const Group& group = tree.groups[first + std::min(g, count - 1)];
          for (int d = 0; d < 3; ++d) {
            boxes.lo[d][g] = group.lo[d];
            boxes.hi[d][g] = group.hi[d];
          }
        }
        uint32_t len[kBatch] = {};
        uint32_t overflow = 0;
        const uint32_t all = (1u << count) - 1;
        uint32_t active = all;
        uint32_t stackEnd[64], stackMask[64];
        int depth = 0;
        for (uint32_t i = 0; i < tree.nodeCount;) {
          while (depth > 0 && stackEnd[depth - 1] == i) active = stackMask[--depth];
          const TreeNode& nd = tree.nodes[i];
          const uint32_t accept = acceptMask(boxes, nd) & active;
          for (uint32_t m = accept; m; m &= m - 1) {
            const unsigned g = __builtin_ctz(m);
            List& l = list[g];
            if (len[g] + 1 > l.capacity - kLanes) {
              overflow |= 1u << g;
            } else {
              l.x[len[g]] = nd.cx;
              l.y[len[g]] = nd.cy;
              l.z[len[g]] = nd.cz;
              l.m[len[g]] = nd.mass;
            }
            ++len[g];
          }
          const uint32_t open = active & ~accept;
          if (nd.leafCount) {
            for (uint32_t m = open; m; m &= m - 1) {
              const unsigned g = __builtin_ctz(m);
              List& l = list[g];
              if (len[g] + nd.leafCount > l.capacity - kLanes) {
                overflow |= 1u << g;
              } else {
                for (uint32_t k = nd.begin, end = nd.begin + nd.leafCount, j = len[g]; k < end; ++k, ++j) {
                  l.x[j] = bodies.x[k];
                  l.y[j] = bodies.y[k];
                  l.z[j] = bodies.z[k];
                  l.m[j] = 1.0f;
                }
              }
              len[g] += nd.leafCount;
            }
            i = nd.next;
          } else if (open) {
            if (open != active) {
              stackEnd[depth] = nd.next;
              stackMask[depth++] = active;
              active = open;
            }
            ++i;
          } else {
            i = nd.next;
          }
        }
        if (overflow) {
          uint32_t most = 0;
          for (unsigned g = 0; g < count; ++g) most = std::max(most, len[g]);
          uint32_t prev = needed.load(std::memory_order_relaxed);
          while (most > prev && !needed.compare_exchange_weak(prev, most, std::memory_order_relaxed)) {
          }
          continue;
        }
        for (unsigned g = 0; g < count; ++g) {
          List& l = list[g];
          const Group& group = tree.groups[first + g];
          uint32_t padded = (len[g] + kLanes - 1) / kLanes * kLanes;
          for (uint32_t j = len[g]; j < padded; ++j) {
            l.x[j] = l.y[j] = l.z[j] = 0.0f;
            l.m[j] = 0.0f;
          }
          for (uint32_t k = group.begin, end = group.begin + group.count; k < end; ++k) {
            float out[4];
            sumAgainstList(l.x, l.y, l.z, l.m, padded, bodies.x[k], bodies.y[k], bodies.z[k], eps2, out);
            uint32_t node = bodies.order[k];
            float* f = forces + size_t(3) * node;  // interleaved: one cache line touched per node
            f[0] = repulsion * out[0];
            f[1] = repulsion * out[1];
            f[2] = repulsion * out[2];
            pot += double(out[3] - selfPotential);
          }
        }
      }
      potential[8 * t] += pot;
    });
    if (interrupt.load()) {
      *interrupted = true;  // lists sized so far stay: the step runs again from the start
      break;
    }
    uint32_t need = needed.load();
    if (need == 0) break;
    capacity = need + need / 4 + kLanes;
  }
  listCapacity = capacity;
  double total = 0;
  for (unsigned t = 0; t < threads; ++t) total += potential[8 * t];
  return 0.5 * double(repulsion) * total;
}

}  // namespace forcelab
