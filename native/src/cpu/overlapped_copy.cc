#include "cpu/overlapped_copy.h"

namespace forcelab {

void OverlappedCopy::afterStep(const float* x, const float* y, const float* z, uint32_t n) const {
  if (!on) interleaveFrame(x, y, z, n, frame);
}

void interleaveFrame(const float* x, const float* y, const float* z, uint32_t n, float* frame) {
  for (uint32_t i = 0; i < n; ++i) {
    frame[3 * i] = x[i];
    frame[3 * i + 1] = y[i];
    frame[3 * i + 2] = z[i];
  }
}

}  // namespace forcelab
