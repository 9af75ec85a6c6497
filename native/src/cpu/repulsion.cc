#include "cpu/repulsion.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
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

std::atomic<uint64_t> dbgGroups{0}, dbgBodies{0}, dbgList{0}, dbgInter{0}, dbgVisit{0};
}  // namespace

double computeRepulsion(ThreadPool& pool, WorkSizing& sizing, HostPool& scratch, const Octree& tree,
                        const SortedBodies& bodies, float repulsion, float eps2, float* fx, float* fy, float* fz,
                        uint32_t& listCapacity) {
  if (bodies.n == 0) return 0;
  const unsigned threads = pool.size();
  // Lists keep their size across steps (pooled); a list that overflows makes the phase run again with
  // larger lists, which only happens while the layout is still changing shape.
  uint32_t capacity = std::max(listCapacity, std::min<uint32_t>(bodies.n, 4096) + kLanes);
  // Per-thread lists and potentials live in the scratch pool too: a pooled step allocates nothing.
  double* potential = scratch.get<double>("repulsion.potential", size_t(threads) * 8);  // 64 B apart
  List* lists = scratch.get<List>("repulsion.lists", threads);
  for (;;) {
    for (unsigned t = 0; t < threads; ++t) {
      float* base = scratch.get<float>("repulsion.list" + std::to_string(t), size_t(4) * capacity);
      lists[t] = {base, base + capacity, base + 2 * size_t(capacity), base + 3 * size_t(capacity), capacity};
    }
    for (unsigned t = 0; t < threads; ++t) potential[8 * t] = 0.0;
    std::atomic<uint32_t> needed{0};
    const float selfPotential = 1.0f / std::sqrt(eps2);

    sizing.chunks += pool.parallelFor(tree.groupCount, sizing.chunk(tree.groupCount, 2), [&](size_t b, size_t e,
                                                                                              unsigned t) {
      List& list = lists[t];
      double pot = 0;
      for (size_t gi = b; gi < e; ++gi) {
        const Group& group = tree.groups[gi];
        const float lo0 = group.lo[0], lo1 = group.lo[1], lo2 = group.lo[2];
        const float hi0 = group.hi[0], hi1 = group.hi[1], hi2 = group.hi[2];
        uint32_t len = 0;
        bool overflow = false;
        for (uint32_t i = 0; i < tree.nodeCount;) {
          const TreeNode& nd = tree.nodes[i]; dbgVisit++;
          float dx = std::max(std::max(lo0 - nd.cx, nd.cx - hi0), 0.0f);
          float dy = std::max(std::max(lo1 - nd.cy, nd.cy - hi1), 0.0f);
          float dz = std::max(std::max(lo2 - nd.cz, nd.cz - hi2), 0.0f);
          float d2 = dx * dx + dy * dy + dz * dz;
          if (d2 > nd.rcrit2) {
            if (len + 1 > list.capacity - kLanes) {
              overflow = true;
              len += 1;
            } else {
              list.x[len] = nd.cx;
              list.y[len] = nd.cy;
              list.z[len] = nd.cz;
              list.m[len] = nd.mass;
              ++len;
            }
            i = nd.next;
          } else if (nd.leafCount) {
            if (len + nd.leafCount > list.capacity - kLanes) {
              overflow = true;
              len += nd.leafCount;
            } else {
              for (uint32_t k = nd.begin, end = nd.begin + nd.leafCount; k < end; ++k) {
                list.x[len] = bodies.x[k];
                list.y[len] = bodies.y[k];
                list.z[len] = bodies.z[k];
                list.m[len] = 1.0f;
                ++len;
              }
            }
            i = nd.next;
          } else {
            ++i;
          }
        }
        if (overflow) {
          uint32_t prev = needed.load(std::memory_order_relaxed);
          while (len > prev && !needed.compare_exchange_weak(prev, len, std::memory_order_relaxed)) {
          }
          continue;
        }
        dbgGroups++; dbgBodies += group.count; dbgList += len; dbgInter += uint64_t(len) * group.count;
        uint32_t padded = (len + kLanes - 1) / kLanes * kLanes;
        for (uint32_t j = len; j < padded; ++j) {
          list.x[j] = list.y[j] = list.z[j] = 0.0f;
          list.m[j] = 0.0f;
        }
        for (uint32_t k = group.begin, end = group.begin + group.count; k < end; ++k) {
          float out[4];
          sumAgainstList(list.x, list.y, list.z, list.m, padded, bodies.x[k], bodies.y[k], bodies.z[k], eps2, out);
          uint32_t node = bodies.order[k];
          fx[node] = repulsion * out[0];
          fy[node] = repulsion * out[1];
          fz[node] = repulsion * out[2];
          pot += double(out[3] - selfPotential);
        }
      }
      potential[8 * t] += pot;
    });
    uint32_t need = needed.load();
    if (need == 0) break;
    capacity = need + need / 4 + kLanes;
  }
  listCapacity = capacity;
  if (getenv("FL_DEBUG")) fprintf(stderr, "groups %llu avgsize %.1f avglist %.0f inter/body %.0f visited/group %.0f nodes %u\n", (unsigned long long)dbgGroups.load(), double(dbgBodies)/dbgGroups, double(dbgList)/dbgGroups, double(dbgInter)/dbgBodies, double(dbgVisit)/dbgGroups, tree.nodeCount);
  dbgGroups = dbgBodies = dbgList = dbgInter = dbgVisit = 0;
  double total = 0;
  for (unsigned t = 0; t < threads; ++t) total += potential[8 * t];
  return 0.5 * double(repulsion) * total;
}

}  // namespace forcelab
