// overlappedCopy on the CPU (the CUDA side is cuda/overlapped_copy.cuh: a copy stream and an event overlap
// the frame's device-to-host copy with the next step). The frame JS reads is the
// interleaved xyz copy of the SoA positions. On: the integration pass writes it while it writes the new
// positions, so no copy follows the step. Off (the naive path): the step ends, then the frame is copied.
#pragma once

#include <cstdint>

namespace forcelab {

struct OverlappedCopy {
  bool on = true;
  float* frame = nullptr;  // the back frame this step publishes

  /** What the integration pass writes the frame into: the frame (on) or nothing (off). */
  float* duringStep() const { return on ? frame : nullptr; }

  /** After the step: copies the new positions into the frame unless the integration pass already did. */
  void afterStep(const float* x, const float* y, const float* z, uint32_t n) const;
};

/** Interleaves SoA positions into an xyz frame (also what an edit outside a step publishes). */
void interleaveFrame(const float* x, const float* y, const float* z, uint32_t n, float* frame);

}  // namespace forcelab
