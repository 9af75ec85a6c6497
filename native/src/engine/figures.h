// The engine's live figures and step statistics, the numbers stats() reports. One slot per FORCELAB_FIGURE
// of switch_table.def, so the engine can only report figures the table declares, and reports all of them.
// Written by the stepping thread and the JS thread (label reads, completions), read by the JS thread: one
// mutex of its own, held only to copy numbers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace forcelab {

enum class Figure : size_t {
#define FORCELAB_FIGURE(key, group) key,
#include "switch_table.def"
  count
};

/** A figure's group: an engine switch id or `general`. The enum turns a misspelt group into a compile error. */
enum class FigureGroup {
#define FORCELAB_SWITCH(id) id,
#include "switch_table.def"
  general
};

struct FigureDecl {
  const char* key;
  const char* group;
  FigureGroup groupId;
};

inline constexpr FigureDecl kFigureDecls[] = {
#define FORCELAB_FIGURE(key, group) {#key, #group, FigureGroup::group},
#include "switch_table.def"
};
inline constexpr size_t kFigureCount = static_cast<size_t>(Figure::count);

/** What stats() returns, the backend's name aside. */
struct EngineStatsView {
  std::string backend;
  uint64_t iterations = 0;
  double msPerStep = 0;
  double energy = 0;
  double temperature = 1;
  bool settled = false;
  std::map<std::string, double> figures;
};

/** One step as the engine measured it. Times in ms. */
struct StepMeasure {
  double stepMs = 0;   // the step without the copy that was not hidden behind it
  double frameMs = 0;  // the step plus that copy: what a frame costs
  double copyMs = 0;
  double allocations = 0, chunks = 0, kineticEnergy = 0, layoutEnergy = 0;
  double treeMs = 0, repulsionMs = 0, integrateMs = 0;
  float temperature = 1;
  bool settled = false;
};

class EngineFigures {
 public:
  void recordStep(const StepMeasure& m);
  void recordSkip();  // the stability gate skipped a step: the layout is at rest
  void recordLabelMap(bool hit, double ms);
  void recordJsBlocked(double ms);
  void recordGraphDelta(double bytes);
  /** A reheat, a new graph or new positions: the schedule starts again. */
  void restart(bool newGraph);
  double energy() const;
  EngineStatsView view() const;

 private:
  double& at(Figure f) { return values_[static_cast<size_t>(f)]; }

  mutable std::mutex mutex_;
  double values_[kFigureCount] = {};
  uint64_t iterations_ = 0;
  double msPerStep_ = 0, energy_ = 0;
  float temperature_ = 1.0f;
  bool settled_ = false;
};

}  // namespace forcelab
