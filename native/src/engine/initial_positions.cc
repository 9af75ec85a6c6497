#include "engine/initial_positions.h"

#include <algorithm>
#include <cmath>

namespace forcelab {
namespace {

uint64_t splitmix(uint64_t& s) {
  uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

float unit(uint64_t& s) { return float(splitmix(s) >> 40) / float(1 << 24); }  // [0, 1)

}  // namespace

double seedRadius(uint32_t n, const LayoutParams& p) {
  // A uniform ball of n unit charges held by linear gravity g has radius (repulsion n / g)^(1/3); start
  // there so the first steps neither explode nor collapse. Without gravity use the spring length spacing.
  const double count = std::max<double>(n, 1);
  double radius = p.gravity > 0 && p.repulsion > 0 ? std::cbrt(p.repulsion * count / p.gravity)
                                                  : p.springLength * (p.dimensions == 3 ? std::cbrt(count) : std::sqrt(count));
  return std::max<double>(radius, p.springLength);
}

void seedPositions(uint32_t n, const LayoutParams& p, uint64_t seed, const float* given, float* out) {
  const double count = std::max<double>(n, 1);
  const double radius = seedRadius(n, p);
  uint64_t state = seed * 0x2545f4914f6cdd1dULL + 1;
  const double golden = M_PI * (3.0 - std::sqrt(5.0));
  const double spin = 2 * M_PI * unit(state);  // the seed also turns the whole pattern
  for (uint32_t i = 0; i < n; ++i) {
    float jitter[3] = {unit(state) - 0.5f, unit(state) - 0.5f, unit(state) - 0.5f};
    if (given && std::isfinite(given[3 * i]) && std::isfinite(given[3 * i + 1]) && std::isfinite(given[3 * i + 2])) {
      out[3 * i] = given[3 * i];
      out[3 * i + 1] = given[3 * i + 1];
      out[3 * i + 2] = p.dimensions == 3 ? given[3 * i + 2] : 0.0f;
      continue;
    }
    const double t = (i + 0.5) / count;
    const double angle = i * golden + spin;
    const double spacing = radius / (p.dimensions == 3 ? std::cbrt(count) : std::sqrt(count));
    if (p.dimensions == 3) {
      double zc = 1 - 2 * t;  // Fibonacci sphere direction
      double ring = std::sqrt(std::max(0.0, 1 - zc * zc));
      // Radius and direction both follow i; a scrambled radius keeps directions from lining up with it.
      double r = radius * std::cbrt(std::fmod((i + 0.5) * 0.6180339887498949, 1.0));
      out[3 * i] = float(r * ring * std::cos(angle) + jitter[0] * spacing * 0.2);
      out[3 * i + 1] = float(r * ring * std::sin(angle) + jitter[1] * spacing * 0.2);
      out[3 * i + 2] = float(r * zc + jitter[2] * spacing * 0.2);
    } else {
      double r = radius * std::sqrt(t);
      out[3 * i] = float(r * std::cos(angle) + jitter[0] * spacing * 0.2);
      out[3 * i + 1] = float(r * std::sin(angle) + jitter[1] * spacing * 0.2);
      out[3 * i + 2] = 0.0f;
    }
  }
}

}  // namespace forcelab
