// What JS asks for while a step may be running: parameters and switches (read at every step) and edits
// (pins, new positions, a reheat) that the stepping thread applies between steps, all in one batch, so a
// step never sees half an edit.
#pragma once

#include <cstdint>
#include <mutex>
#include <vector>

#include "backend.h"
#include "memory_tracker.h"

namespace forcelab {

struct PinEdit {
  uint32_t node;
  bool pinned;
  bool hasPosition;
  float xyz[3];
};

/** Edits taken from the queue in one go. */
struct EditBatch {
  std::vector<PinEdit> pins;
  HostBuffer<float> positions;
  bool reheat = false;
};

class EditQueue {
 public:
  /** false when nothing changed; a change also queues a reheat (the layout should respond). */
  bool setParams(const LayoutParams& params);
  LayoutParams params() const;
  void setSwitches(const EngineSwitches& switches);
  EngineSwitches switches() const;
  /** Both under one lock: what one step runs with. */
  void current(LayoutParams* params, EngineSwitches* switches) const;

  void pin(const PinEdit& edit);
  void setPositions(HostBuffer<float> xyz);
  void reheat();
  EditBatch take();
  /** A new graph: edits of the old one are dropped. Returns the parameters to seed it with. */
  LayoutParams dropEdits();

 private:
  mutable std::mutex mutex_;
  LayoutParams params_;
  EngineSwitches switches_;
  std::vector<PinEdit> pins_;
  HostBuffer<float> positions_;
  bool reheat_ = false;
};

}  // namespace forcelab
