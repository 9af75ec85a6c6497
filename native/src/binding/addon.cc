// Node-API binding: class NativeEngine wraps engine/Engine. Positions and labels are copied into
// V8-allocated typed arrays the caller passes in (no external buffers: NODE_API_NO_EXTERNAL_BUFFERS_ALLOWED).
// Step completion (asyncCompletion) lives in binding/async_completion.h.
#include <napi.h>

#include <chrono>
#include <cmath>
#include <future>
#include <memory>

#include "binding/async_completion.h"
#include "engine/engine.h"
#include "engine/params.h"

namespace forcelab {
namespace {

struct ClusterDelivery {
  Napi::Promise::Deferred deferred;
  ClusterReport report;
};
void deliverCluster(Napi::Env env, Napi::Function, void*, ClusterDelivery* d) {
  if (env != nullptr && !d->report.error.empty()) {
    d->deferred.Reject(Napi::Error::New(env, "clustering failed: " + d->report.error).Value());
  } else if (env != nullptr) {
    Napi::Object o = Napi::Object::New(env);
    o.Set("cancelled", d->report.cancelled);
    o.Set("version", double(d->report.version));
    d->deferred.Resolve(o);
  }
  delete d;
}
using ClusterTsfn = Napi::TypedThreadSafeFunction<void, ClusterDelivery, deliverCluster>;

template <class T>
T* typedData(const Napi::Value& v, napi_typedarray_type type, const char* what, size_t* length) {
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != type)
    throw Napi::TypeError::New(v.Env(), std::string(what) + " must be a " +
                                            (type == napi_uint32_array ? "Uint32Array" : "Float32Array"));
  auto arr = v.As<Napi::TypedArray>();
  *length = arr.ElementLength();
  return reinterpret_cast<T*>(static_cast<uint8_t*>(arr.ArrayBuffer().Data()) + arr.ByteOffset());
}

uint32_t toIndex(const Napi::Value& v, const char* what) {
  if (!v.IsNumber()) throw Napi::TypeError::New(v.Env(), std::string(what) + " must be a number");
  double d = v.As<Napi::Number>().DoubleValue();
  if (!(d >= 0) || d > 4294967295.0 || d != std::floor(d))
    throw Napi::RangeError::New(v.Env(), std::string(what) + " must be an integer in [0, 2^32), got " +
                                             v.ToString().Utf8Value());
  return static_cast<uint32_t>(d);
}

// Applies every defined entry of a JS object of layout parameters to `p` (undefined entries are skipped,
// as a Partial<LayoutParams> spread may carry them); assignParam validates each value and names it.
void assignParams(Napi::Env env, LayoutParams& p, const Napi::Object& o) {
  Napi::Array keys = o.GetPropertyNames();
  for (uint32_t i = 0; i < keys.Length(); ++i) {
    std::string key = keys.Get(i).ToString().Utf8Value();
    Napi::Value v = o.Get(key);
    if (v.IsUndefined()) continue;
    if (!v.IsNumber())
      throw Napi::TypeError::New(env, "layout parameter '" + key + "' must be a number, got " + v.ToString().Utf8Value());
    assignParam(p, key, v.As<Napi::Number>().DoubleValue());
  }
}

class NativeEngine : public Napi::ObjectWrap<NativeEngine> {
 public:
  static Napi::Function Init(Napi::Env env) {
    return DefineClass(env, "NativeEngine",
                       {
                           InstanceMethod<&NativeEngine::Backend>("backend"),
                           InstanceMethod<&NativeEngine::FallbackReason>("fallbackReason"),
                           InstanceMethod<&NativeEngine::SetGraph>("setGraph"),
                           InstanceMethod<&NativeEngine::NodeCount>("nodeCount"),
                           InstanceMethod<&NativeEngine::SetParams>("setParams"),
                           InstanceMethod<&NativeEngine::GetParams>("getParams"),
                           InstanceMethod<&NativeEngine::SetSwitch>("setSwitch"),
                           InstanceMethod<&NativeEngine::GetSwitches>("getSwitches"),
                           InstanceMethod<&NativeEngine::Step>("step"),
                           InstanceMethod<&NativeEngine::StepBlocking>("stepBlocking"),
                           InstanceMethod<&NativeEngine::Cancel>("cancel"),
                           InstanceMethod<&NativeEngine::Cluster>("cluster"),
                           InstanceMethod<&NativeEngine::ReadLabels>("readLabels"),
                           InstanceMethod<&NativeEngine::ReadPositions>("readPositions"),
                           InstanceMethod<&NativeEngine::SetPositions>("setPositions"),
                           InstanceMethod<&NativeEngine::Pin>("pin"),
                           InstanceMethod<&NativeEngine::Unpin>("unpin"),
                           InstanceMethod<&NativeEngine::Reheat>("reheat"),
                           InstanceMethod<&NativeEngine::EditGraph>("editGraph"),
                           InstanceMethod<&NativeEngine::ComputeForces>("computeForces"),
                           InstanceMethod<&NativeEngine::Stats>("stats"),
                           InstanceMethod<&NativeEngine::Memory>("memory"),
                           InstanceMethod<&NativeEngine::Dispose>("dispose"),
                       });
  }

  explicit NativeEngine(const Napi::CallbackInfo& info) : Napi::ObjectWrap<NativeEngine>(info) {
    EngineConfig config;
    if (info.Length() > 0 && info[0].IsObject()) {
      Napi::Object o = info[0].As<Napi::Object>();
      if (o.Has("backend") && !o.Get("backend").IsUndefined()) config.backend = o.Get("backend").ToString().Utf8Value();
      if (o.Has("seed") && !o.Get("seed").IsUndefined()) {
        Napi::Value s = o.Get("seed");
        if (!s.IsNumber() || !std::isfinite(s.As<Napi::Number>().DoubleValue()))
          throw Napi::TypeError::New(info.Env(), "seed must be a finite number");
        config.seed = static_cast<uint64_t>(static_cast<int64_t>(s.As<Napi::Number>().DoubleValue()));
      }
      if (o.Has("threads") && !o.Get("threads").IsUndefined()) {
        uint32_t t = toIndex(o.Get("threads"), "threads");
        if (t == 0 || t > 1024) throw Napi::RangeError::New(info.Env(), "threads must be in [1, 1024]");
        config.threads = t;
      }
      if (o.Has("background") && !o.Get("background").IsUndefined()) {
        if (!o.Get("background").IsBoolean()) throw Napi::TypeError::New(info.Env(), "background must be a boolean");
        config.background = o.Get("background").As<Napi::Boolean>().Value();
      }
    }
    engine_ = std::make_shared<Engine>(config);
    env_ = info.Env();
    registerCleanup();
  }

  ~NativeEngine() override { unregisterCleanup(); }

 private:
  // When the thread that owns the engine ends (a worker terminated, the process exiting), Node closes the
  // jobs' thread-safe functions in its environment clean-up hooks; a stepping thread still delivering to one
  // would then touch freed memory (the process aborted). This hook disposes the engine first: it cancels
  // every job, joins the stepping and clustering threads (their deliveries just queue), and only then lets
  // Node close the functions. Node runs the newest hook first, so each new job's function moves it last.
  static void onEnvCleanup(void* self) {
    auto* me = static_cast<NativeEngine*>(self);
    me->cleanupRegistered_ = false;
    if (me->engine_) me->engine_->dispose();
  }
  void registerCleanup() {
    unregisterCleanup();
    if (napi_add_env_cleanup_hook(env_, &NativeEngine::onEnvCleanup, this) == napi_ok) cleanupRegistered_ = true;
  }
  void unregisterCleanup() {
    if (cleanupRegistered_) napi_remove_env_cleanup_hook(env_, &NativeEngine::onEnvCleanup, this);
    cleanupRegistered_ = false;
  }

  Engine& engine(Napi::Env env) {
    if (!engine_ || engine_->disposed()) throw Napi::Error::New(env, "the engine was disposed");
    return *engine_;
  }

  Napi::Value Backend(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), engine(info.Env()).backendName()); }
  Napi::Value FallbackReason(const Napi::CallbackInfo& info) {
    const std::string r = engine(info.Env()).fallbackReason();
    return r.empty() ? info.Env().Undefined() : Napi::String::New(info.Env(), r);
  }

  // setGraph(nodeCount, offsets: Uint32Array, targets: Uint32Array, weights?: Float32Array, positions?: Float32Array)
  Napi::Value SetGraph(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Engine& e = engine(env);
    uint32_t n = toIndex(info[0], "nodeCount");
    size_t offLen, tgtLen, wLen = 0, pLen = 0;
    const uint32_t* off = typedData<uint32_t>(info[1], napi_uint32_array, "graph.offsets", &offLen);
    const uint32_t* tgt = typedData<uint32_t>(info[2], napi_uint32_array, "graph.targets", &tgtLen);
    const float* w = nullptr;
    const float* p = nullptr;
    if (info.Length() > 3 && !info[3].IsUndefined() && !info[3].IsNull())
      w = typedData<float>(info[3], napi_float32_array, "graph.weights", &wLen);
    if (info.Length() > 4 && !info[4].IsUndefined() && !info[4].IsNull())
      p = typedData<float>(info[4], napi_float32_array, "positions", &pLen);
    if (offLen == 0) throw Napi::Error::New(env, "graph offsets must have nodeCount + 1 entries, got 0");
    e.setGraph(n, off, offLen, tgt, tgtLen, w, wLen, p, pLen);
    return env.Undefined();
  }

  Napi::Value NodeCount(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), engine(info.Env()).nodeCount()); }

  Napi::Value SetParams(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Engine& e = engine(env);
    if (!info[0].IsObject()) throw Napi::TypeError::New(env, "setParams expects an object of layout parameters");
    LayoutParams p = e.params();
    assignParams(env, p, info[0].As<Napi::Object>());
    e.setParams(p);
    return env.Undefined();
  }

  Napi::Value GetParams(const Napi::CallbackInfo& info) {
    LayoutParams p = engine(info.Env()).params();
    Napi::Object o = Napi::Object::New(info.Env());
    size_t count;
    const char* const* names = paramNames(&count);
    for (size_t i = 0; i < count; ++i) o.Set(names[i], readParam(p, names[i]));
    return o;
  }

  Napi::Value SetSwitch(const Napi::CallbackInfo& info) {
    Engine& e = engine(info.Env());
    if (!info[0].IsString() || !info[1].IsBoolean())
      throw Napi::TypeError::New(info.Env(), "setSwitch expects (name: string, on: boolean)");
    EngineSwitches s = e.switches();
    assignSwitch(s, info[0].As<Napi::String>().Utf8Value(), info[1].As<Napi::Boolean>().Value());
    e.setSwitches(s);
    return info.Env().Undefined();
  }

  Napi::Value GetSwitches(const Napi::CallbackInfo& info) {
    EngineSwitches s = engine(info.Env()).switches();
    Napi::Object o = Napi::Object::New(info.Env());
    for (size_t i = 0; i < switchCount(); ++i) o.Set(switchName(i), readSwitch(s, switchName(i)));
    return o;
  }

  // step(iterations) -> { id, promise }: the promise resolves from the stepping thread through a TSFN.
  Napi::Value Step(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Engine& e = engine(env);
    uint32_t n = toIndex(info[0], "iterations");
    auto deferred = Napi::Promise::Deferred::New(env);
    StepTsfn tsfn = StepTsfn::New(env, "forcelab.step", 0, 1);
    registerCleanup();  // after the new function: the engine is disposed before Node closes it
    auto* delivery = new StepDelivery{deferred, {}, engine_};
    uint64_t id = e.submitStep(n, [tsfn, delivery](const StepReport& r) mutable {
      delivery->report = r;
      if (tsfn.BlockingCall(delivery) != napi_ok) delete delivery;  // env is shutting down
      tsfn.Release();
    });
    Napi::Object out = Napi::Object::New(env);
    out.Set("id", double(id));
    out.Set("promise", deferred.Promise());
    return out;
  }

  // stepBlocking(iterations) -> report: the naive path, the JS thread waits for the stepping thread.
  Napi::Value StepBlocking(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Engine& e = engine(env);
    uint32_t n = toIndex(info[0], "iterations");
    std::promise<StepReport> done;
    std::future<StepReport> result = done.get_future();
    e.submitStep(n, [&done](const StepReport& r) { done.set_value(r); });
    const auto t0 = std::chrono::steady_clock::now();
    StepReport r = result.get();  // the JS thread waits here: that wait is the figure
    e.recordJsBlocked(msSince(t0));
    if (!r.error.empty()) throw Napi::Error::New(env, "step failed: " + r.error);
    return reportObject(env, r);
  }

  Napi::Value Cancel(const Napi::CallbackInfo& info) {
    if (engine_ && !engine_->disposed() && info[0].IsNumber())
      engine_->cancel(static_cast<uint64_t>(info[0].As<Napi::Number>().DoubleValue()));
    return info.Env().Undefined();
  }

  // cluster() -> { id, promise } resolving { cancelled, version }; labels via readLabels.
  Napi::Value Cluster(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Engine& e = engine(env);
    auto deferred = Napi::Promise::Deferred::New(env);
    ClusterTsfn tsfn = ClusterTsfn::New(env, "forcelab.cluster", 0, 1);
    registerCleanup();
    auto* delivery = new ClusterDelivery{deferred, {}};
    uint64_t id = e.submitCluster([tsfn, delivery](const ClusterReport& r) mutable {
      delivery->report = r;
      if (tsfn.BlockingCall(delivery) != napi_ok) delete delivery;
      tsfn.Release();
    });
    Napi::Object out = Napi::Object::New(env);
    out.Set("id", double(id));
    out.Set("promise", deferred.Promise());
    return out;
  }

  // readLabels(into: Uint32Array) -> { version, clusters } or null when nothing was clustered.
  Napi::Value ReadLabels(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Engine& e = engine(env);
    size_t len;
    uint32_t* out = typedData<uint32_t>(info[0], napi_uint32_array, "labels", &len);
    uint64_t version;
    uint32_t clusters;
    if (!e.readLabels(out, len, &version, &clusters)) return env.Null();
    Napi::Object o = Napi::Object::New(env);
    o.Set("version", double(version));
    o.Set("clusters", clusters);
    return o;
  }

  Napi::Value ReadPositions(const Napi::CallbackInfo& info) {
    size_t len;
    float* out = typedData<float>(info[0], napi_float32_array, "positions", &len);
    return Napi::Number::New(info.Env(), double(engine(info.Env()).readPositions(out, len)));
  }

  Napi::Value SetPositions(const Napi::CallbackInfo& info) {
    size_t len;
    const float* p = typedData<float>(info[0], napi_float32_array, "positions", &len);
    engine(info.Env()).setPositions(p, len);
    return info.Env().Undefined();
  }

  // pin(node, x?, y?, z?)
  Napi::Value Pin(const Napi::CallbackInfo& info) {
    Engine& e = engine(info.Env());
    uint32_t node = toIndex(info[0], "node");
    if (info.Length() >= 4 && info[1].IsNumber()) {
      float xyz[3];
      for (int d = 0; d < 3; ++d) {
        if (!info[1 + d].IsNumber()) throw Napi::TypeError::New(info.Env(), "pin position must be 3 numbers");
        xyz[d] = info[1 + d].As<Napi::Number>().FloatValue();
      }
      e.pin(node, xyz);
    } else {
      e.pin(node, nullptr);
    }
    return info.Env().Undefined();
  }

  Napi::Value Unpin(const Napi::CallbackInfo& info) {
    engine(info.Env()).unpin(toIndex(info[0], "node"));
    return info.Env().Undefined();
  }

  Napi::Value Reheat(const Napi::CallbackInfo& info) {
    engine(info.Env()).reheat();
    return info.Env().Undefined();
  }

  // editGraph(removeEdges: Uint32Array, removeNodes: Uint32Array, addCount, addPositions: Float32Array,
  //           addEdges: Uint32Array, addWeights: Float32Array): queued; applied between steps.
  Napi::Value EditGraph(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Engine& e = engine(env);
    size_t reLen, rnLen, apLen, aeLen, awLen;
    const uint32_t* re = typedData<uint32_t>(info[0], napi_uint32_array, "delta.removeEdges", &reLen);
    const uint32_t* rn = typedData<uint32_t>(info[1], napi_uint32_array, "delta.removeNodes", &rnLen);
    const uint32_t addCount = toIndex(info[2], "delta.addCount");
    const float* ap = typedData<float>(info[3], napi_float32_array, "delta.addPositions", &apLen);
    const uint32_t* ae = typedData<uint32_t>(info[4], napi_uint32_array, "delta.addEdges", &aeLen);
    const float* aw = typedData<float>(info[5], napi_float32_array, "delta.addWeights", &awLen);
    try {
      e.editGraph(re, reLen, rn, rnLen, addCount, ap, apLen, ae, aeLen, aw, awLen);
    } catch (const std::invalid_argument& x) {
      throw Napi::RangeError::New(env, x.what());
    }
    return env.Undefined();
  }

  // computeForces(into: Float32Array, params?: Partial<LayoutParams>): the debug force readout.
  Napi::Value ComputeForces(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Engine& e = engine(env);
    size_t len;
    float* out = typedData<float>(info[0], napi_float32_array, "forces", &len);
    LayoutParams p = e.params();
    if (info.Length() > 1 && info[1].IsObject()) assignParams(env, p, info[1].As<Napi::Object>());
    e.computeForces(p, out, len);
    return env.Undefined();
  }

  Napi::Value Stats(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    EngineStatsView s = engine(env).stats();
    Napi::Object o = Napi::Object::New(env);
    o.Set("backend", s.backend);
    o.Set("iterations", double(s.iterations));
    o.Set("msPerStep", s.msPerStep);
    o.Set("energy", s.energy);
    o.Set("temperature", s.temperature);
    o.Set("settled", s.settled);
    Napi::Object f = Napi::Object::New(env);
    for (const auto& kv : s.figures) f.Set(kv.first, kv.second);
    o.Set("figures", f);
    return o;
  }

  // memory() stays readable after dispose so a caller can check that nothing leaked.
  Napi::Value Memory(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Napi::Object o = Napi::Object::New(env);
    MemoryTracker::Snapshot m = engine_ ? engine_->memory() : MemoryTracker::Snapshot{};
    o.Set("liveBytes", double(m.liveBytes));
    o.Set("peakBytes", double(m.peakBytes));
    o.Set("allocations", double(m.allocations));
    o.Set("frees", double(m.frees));
    Napi::Object b = Napi::Object::New(env);
    for (const auto& kv : m.buffers) b.Set(kv.first, double(kv.second));
    o.Set("buffers", b);
    DeviceMemoryInfo d = engine_ && !engine_->disposed() ? engine_->deviceMemory() : DeviceMemoryInfo{};
    if (d.available) {
      o.Set("deviceFreeBytes", double(d.freeBytes));
      o.Set("deviceTotalBytes", double(d.totalBytes));
    }
    return o;
  }

  Napi::Value Dispose(const Napi::CallbackInfo& info) {
    if (engine_) engine_->dispose();
    return info.Env().Undefined();
  }

  std::shared_ptr<Engine> engine_;  // shared with step deliveries (weakly), which record the JS time they took
  napi_env env_ = nullptr;
  bool cleanupRegistered_ = false;
};

// switchTable() -> { switches: [{ id, figures: [key...] }], general: [key...] }: switch_table.def as JS sees it,
// so a test can hold it against protocol/switch-table.ts.
Napi::Value SwitchTable(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Array switches = Napi::Array::New(env);
  for (size_t i = 0; i < switchCount(); ++i) {
    Napi::Object row = Napi::Object::New(env);
    row.Set("id", switchName(i));
    Napi::Array figures = Napi::Array::New(env);
    for (const FigureDecl& f : kFigureDecls)
      if (std::string(f.group) == switchName(i)) figures.Set(figures.Length(), f.key);
    row.Set("figures", figures);
    switches.Set(i, row);
  }
  Napi::Array general = Napi::Array::New(env);
  for (const FigureDecl& f : kFigureDecls)
    if (f.groupId == FigureGroup::general) general.Set(general.Length(), f.key);
  Napi::Object out = Napi::Object::New(env);
  out.Set("switches", switches);
  out.Set("general", general);
  return out;
}

}  // namespace
}  // namespace forcelab

static Napi::Object InitForcelab(Napi::Env env, Napi::Object exports) {
  exports.Set("NativeEngine", forcelab::NativeEngine::Init(env));
  exports.Set("switchTable", Napi::Function::New(env, forcelab::SwitchTable, "switchTable"));
  return exports;
}

NODE_API_MODULE(forcelab, InitForcelab)
