#include "cpu/integrate.h"

#include <cmath>

#include "shared/node_heat.cuh"

namespace forcelab {
namespace {

template <bool kForcesOnly>
IntegrateResult run(ThreadPool& pool, LaunchSizing& sizing, const IntegrateInput& in, const LayoutParams& p,
                    float temperature, float* forcesOut) {
  Partial* partial = in.partials;
  for (unsigned t = 0; t < pool.size(); ++t) partial[t] = Partial();
  const bool threeD = p.dimensions == 3;
  const float ks = p.springStrength, L = p.springLength, g = p.gravity, dt = p.timeStep;
  const float maxStep = p.maxVelocity * temperature;
  sizing.chunks += pool.parallelFor(in.n, sizing.chunk(in.n, 4096), [&](size_t b, size_t e, unsigned t) {
    double ke = 0, es = 0, eg = 0;
    for (size_t i = b; i < e; ++i) {
      const float xi = in.x[i], yi = in.y[i], zi = in.z[i];
      float fx = in.forces[3 * i], fy = in.forces[3 * i + 1], fz = threeD ? in.forces[3 * i + 2] : 0.0f;
      float wsum = 0;
      for (uint32_t k = in.offsets[i], end = in.offsets[i + 1]; k < end; ++k) {
        uint32_t j = in.targets[k];
        if (j == i) continue;  // self-loops pull nowhere
        float w = in.weights ? in.weights[k] : 1.0f;
        const float* pj = in.xyzw + 4 * size_t(j);
        float dx = pj[0] - xi, dy = pj[1] - yi, dz = pj[2] - zi;
        float d = std::sqrt(dx * dx + dy * dy + dz * dz);
        float stretch = d - L;
        es += 0.25 * ks * w * stretch * stretch;
        wsum += w;
        if (d > 0) {
          float f = ks * w * stretch / d;
          fx += f * dx;
          fy += f * dy;
          fz += f * dz;
        }
      }
      fx -= g * xi;
      fy -= g * yi;
      fz -= g * zi;
      eg += 0.5 * g * (double(xi) * xi + double(yi) * yi + double(zi) * zi);
      if (kForcesOnly) {
        forcesOut[3 * i] = fx;
        forcesOut[3 * i + 1] = fy;
        forcesOut[3 * i + 2] = threeD ? fz : 0.0f;
        continue;
      }
      // A pinned node stays put, but in 2D on the plane: a pin or position set with z != 0 is flattened.
      float nx = xi, ny = yi, nz = threeD ? zi : 0.0f, vx = 0, vy = 0, vz = 0;
      float maxStepI = maxStep;
      if (in.heat) {
        maxStepI = heatedMaxStep(maxStep, in.heatMaxVelocity, in.heat[i]);
        in.heat[i] *= kHeatDecay;
      }
      if (!in.pinned[i]) {
        const float scale = dt / (1.0f + ks * wsum);  // per-node Jacobi scaling keeps hubs stable
        vx = p.damping * in.vx[i] + fx * scale;
        vy = p.damping * in.vy[i] + fy * scale;
        vz = threeD ? p.damping * in.vz[i] + fz * scale : 0.0f;
        float stepLen = std::sqrt(vx * vx + vy * vy + vz * vz) * dt;
        if (stepLen > maxStepI) {
          float s = stepLen > 0 ? maxStepI / stepLen : 0.0f;
          vx *= s;
          vy *= s;
          vz *= s;
        }
        nx = xi + vx * dt;
        ny = yi + vy * dt;
        nz = threeD ? zi + vz * dt : 0.0f;
        if (!std::isfinite(nx) || !std::isfinite(ny) || !std::isfinite(nz)) {
          nx = xi, ny = yi, nz = threeD ? zi : 0.0f;
          vx = vy = vz = 0;
        }
      }
      float* q = in.nxyzw + 4 * i;
      q[0] = nx;
      q[1] = ny;
      q[2] = nz;
      q[3] = 0.0f;
      in.nx[i] = nx;
      in.ny[i] = ny;
      in.nz[i] = nz;
      in.vx[i] = vx;
      in.vy[i] = vy;
      in.vz[i] = vz;
      ke += double(vx) * vx + double(vy) * vy + double(vz) * vz;
      if (in.snapshot) {
        in.snapshot[3 * i] = nx;
        in.snapshot[3 * i + 1] = ny;
        in.snapshot[3 * i + 2] = nz;
      }
    }
    partial[t].kinetic += ke;
    partial[t].spring += es;
    partial[t].gravity += eg;
  });
  IntegrateResult r;
  for (unsigned t = 0; t < pool.size(); ++t) {
    const Partial& q = partial[t];
    r.kinetic += q.kinetic;
    r.springEnergy += q.spring;
    r.gravityEnergy += q.gravity;
  }
  return r;
}

}  // namespace

IntegrateResult integrateStep(ThreadPool& pool, LaunchSizing& sizing, const IntegrateInput& in,
                              const LayoutParams& params, float temperature) {
  return run<false>(pool, sizing, in, params, temperature, nullptr);
}

void totalForces(ThreadPool& pool, LaunchSizing& sizing, const IntegrateInput& in, const LayoutParams& params,
                 float* fxyz) {
  run<true>(pool, sizing, in, params, 1.0f, fxyz);
}

}  // namespace forcelab
