#include "engine/edit_queue.h"

#include <cstring>

namespace forcelab {

bool EditQueue::setParams(const LayoutParams& params) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (std::memcmp(&params, &params_, sizeof(LayoutParams)) == 0) return false;
  params_ = params;
  reheat_ = true;
  return true;
}

LayoutParams EditQueue::params() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return params_;
}

void EditQueue::setSwitches(const EngineSwitches& switches) {
  std::lock_guard<std::mutex> lock(mutex_);
  switches_ = switches;
}

EngineSwitches EditQueue::switches() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return switches_;
}

void EditQueue::current(LayoutParams* params, EngineSwitches* switches) const {
  std::lock_guard<std::mutex> lock(mutex_);
  *params = params_;
  *switches = switches_;
}

void EditQueue::pin(const PinEdit& edit) {
  std::lock_guard<std::mutex> lock(mutex_);
  pins_.push_back(edit);
}

void EditQueue::setPositions(HostBuffer<float> xyz) {
  std::lock_guard<std::mutex> lock(mutex_);
  positions_ = std::move(xyz);
  positionsAfter_ = deltas_.size();
}

void EditQueue::reheat() {
  std::lock_guard<std::mutex> lock(mutex_);
  reheat_ = true;
}

void EditQueue::graphDelta(GraphDeltaEdit delta) {
  std::lock_guard<std::mutex> lock(mutex_);
  deltas_.push_back(QueuedDelta{std::move(delta), pins_.size()});
}

EditBatch EditQueue::take() {
  EditBatch batch;
  std::lock_guard<std::mutex> lock(mutex_);
  batch.pins.swap(pins_);
  batch.deltas.swap(deltas_);
  batch.positions = std::move(positions_);
  batch.positionsAfter = positionsAfter_;
  positionsAfter_ = 0;
  batch.reheat = reheat_;
  reheat_ = false;
  return batch;
}

LayoutParams EditQueue::dropEdits() {
  std::lock_guard<std::mutex> lock(mutex_);
  pins_.clear();
  deltas_.clear();
  positions_.reset();
  positionsAfter_ = 0;
  reheat_ = false;
  return params_;
}

}  // namespace forcelab
