// Built only without CUDA (binding.gyp): the engine asks for a CUDA backend and falls back to the CPU.
#include "backend.h"

namespace forcelab {

std::unique_ptr<Backend> makeCudaBackend(MemoryTracker&, std::string* whyNot) {
  if (whyNot) *whyNot = "built without CUDA";
  return nullptr;
}

}  // namespace forcelab
