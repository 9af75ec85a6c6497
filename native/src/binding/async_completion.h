// asyncCompletion, the part both backends share: how a finished step reaches JS. On: the stepping thread
// resolves a promise through a ThreadSafeFunction and the JS thread only runs deliverStep. Off (stepBlocking,
// the naive path): the JS thread waits for the stepping thread. On CUDA the engine thread's own wait for the
// device is cuda/async_completion.cuh. Either way the JS thread's time is measured: jsBlockedMs.
#pragma once

#include <napi.h>

#include <chrono>
#include <memory>

#include "engine/engine.h"

namespace forcelab {
// Internal to the addon (addon.cc is its one includer): an unnamed namespace, because a sanitizer build of GCC
// refuses an inline function as the TSFN's constant-expression callback.
namespace {

struct StepDelivery {
  Napi::Promise::Deferred deferred;
  StepReport report;
  std::weak_ptr<Engine> engine;  // to record the JS time the delivery took, if the engine is still there
};

double msSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

Napi::Object reportObject(Napi::Env env, const StepReport& r) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("stepped", r.stepped);
  o.Set("skipped", r.skipped);
  o.Set("cancelled", r.cancelled);
  o.Set("energy", r.energy);
  o.Set("seq", double(r.seq));
  return o;
}

// Runs on the JS thread: the time it takes is what async completion costs the JS thread (jsBlockedMs).
void deliverStep(Napi::Env env, Napi::Function, void*, StepDelivery* d) {
  if (env != nullptr) {
    const auto t0 = std::chrono::steady_clock::now();
    if (d->report.error.empty())
      d->deferred.Resolve(reportObject(env, d->report));
    else
      d->deferred.Reject(Napi::Error::New(env, "step failed: " + d->report.error).Value());
    if (auto engine = d->engine.lock())
      if (!engine->disposed()) engine->recordJsBlocked(msSince(t0));
  }
  delete d;
}
using StepTsfn = Napi::TypedThreadSafeFunction<void, StepDelivery, deliverStep>;

}  // namespace
}  // namespace forcelab
