// One integration step for one node (backend.h):
//   a = F / (1 + springStrength * sum_e w_e);  v = damping * v + a * dt;
//   |v * dt| clamped to maxVelocity * temperature;  p += v * dt.
// Pinned nodes keep their position and get v = 0; in 2D z and v_z stay 0. A step that would leave
// a non-finite position is dropped for that node (as the CPU backend does).
#pragma once
#include "forces.cuh"

namespace forcelab {

struct IntegrateParams {
  float timeStep;
  float damping;
  float springStrength;
  float maxStep;  // maxVelocity * temperature
  int dims;
  float heatMaxVelocity = 0.0f;  // what a node's heat scales (shared/node_heat.cuh), when there is heat
};

/** Advances node i from posIn to posOut; returns |v|^2 after the step (kinetic energy term). */
FL_HD float integrateNode(std::uint32_t i, const Force& f, float springWeightSum, const float* posIn,
                          float* posOut, float* vel, bool pinned, const IntegrateParams& p) {
  const float px = posIn[3 * i], py = posIn[3 * i + 1], pz = posIn[3 * i + 2];
  if (pinned) {
    vel[3 * i] = vel[3 * i + 1] = vel[3 * i + 2] = 0.0f;
    posOut[3 * i] = px;
    posOut[3 * i + 1] = py;
    posOut[3 * i + 2] = p.dims == 3 ? pz : 0.0f;  // in 2D even a pinned node lies on the plane
    return 0.0f;
  }
  const float scale = p.timeStep / (1.0f + p.springStrength * springWeightSum);
  float vx = p.damping * vel[3 * i] + f.x * scale;
  float vy = p.damping * vel[3 * i + 1] + f.y * scale;
  float vz = p.dims == 3 ? p.damping * vel[3 * i + 2] + f.z * scale : 0.0f;
  const float stepLength = std::sqrt(vx * vx + vy * vy + vz * vz) * p.timeStep;
  if (stepLength > p.maxStep) {
    const float s = p.maxStep / stepLength;
    vx *= s;
    vy *= s;
    vz *= s;
  }
  float nx = px + vx * p.timeStep;
  float ny = py + vy * p.timeStep;
  float nz = p.dims == 3 ? pz + vz * p.timeStep : 0.0f;
  if (!std::isfinite(nx) || !std::isfinite(ny) || !std::isfinite(nz)) {  // never let one node poison the layout
    nx = px;
    ny = py;
    nz = p.dims == 3 ? pz : 0.0f;
    vx = vy = vz = 0.0f;
  }
  vel[3 * i] = vx;
  vel[3 * i + 1] = vy;
  vel[3 * i + 2] = vz;
  posOut[3 * i] = nx;
  posOut[3 * i + 1] = ny;
  posOut[3 * i + 2] = nz;
  return vx * vx + vy * vy + vz * vz;
}

}  // namespace forcelab
