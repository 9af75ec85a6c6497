#include "engine/step_limit.h"

#include <cmath>

namespace forcelab {

float extentWeight(float temperature) {
  float w = 1.0f;
  for (int k = 0; k < kExtentDecayPower; ++k) w *= temperature;
  return w >= kExtentCutoff ? w : 0.0f;
}

float rmsRadius(const float* xyz, uint32_t n) {
  if (n == 0) return 0.0f;
  double sx = 0, sy = 0, sz = 0, s2 = 0;
  for (uint32_t i = 0; i < n; ++i) {
    const double x = xyz[3 * i], y = xyz[3 * i + 1], z = xyz[3 * i + 2];
    sx += x;
    sy += y;
    sz += z;
    s2 += x * x + y * y + z * z;
  }
  const double mx = sx / n, my = sy / n, mz = sz / n;
  const double var = s2 / n - (mx * mx + my * my + mz * mz);
  return var > 0 && std::isfinite(var) ? float(std::sqrt(var)) : 0.0f;
}

float widenedMaxVelocity(float maxVelocity, float temperature, float rms) {
  const float w = extentWeight(temperature);
  if (w == 0.0f || !(temperature > 0.0f) || !(rms > 0.0f)) return maxVelocity;
  return maxVelocity + kExtentStepFraction * rms * w / temperature;
}

}  // namespace forcelab
