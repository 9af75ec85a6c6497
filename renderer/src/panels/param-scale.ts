// Slider positions for layout parameters. Ranges such as repulsion [0, 1e6] are useless on a linear
// slider, so wide ranges use a logarithmic scale (with 0 at the far left when 0 is allowed).
import { PARAM_BOUNDS, type LayoutParams } from '../../../protocol/switches.js';

export type NumericParam = Exclude<keyof LayoutParams, 'dimensions'>;

export const SLIDER_STEPS = 1000;

export interface ParamScale {
  toSlider(value: number): number;
  fromSlider(position: number): number;
}

export function paramScale(name: NumericParam): ParamScale {
  const [min, max] = PARAM_BOUNDS[name];
  // Ranges spanning orders of magnitude go logarithmic; small ones such as damping [0, 1] stay linear.
  const logarithmic = max - min > 10 || (min > 0 && max / min > 1000);
  const logLow = min > 0 ? min : max / 1e9;
  if (!logarithmic) {
    return {
      toSlider: (v) => Math.round(((clamp(v, min, max) - min) / (max - min)) * SLIDER_STEPS),
      fromSlider: (p) => tidy(min + (p / SLIDER_STEPS) * (max - min)),
    };
  }
  // Position 0 is the minimum itself (0 for ranges that allow it); 1..SLIDER_STEPS span logLow..max.
  const a = Math.log10(logLow);
  const b = Math.log10(max);
  return {
    toSlider: (v) => (v <= logLow && min <= 0 ? 0 : Math.max(min > 0 ? 0 : 1, Math.round(((Math.log10(clamp(v, logLow, max)) - a) / (b - a)) * SLIDER_STEPS))),
    fromSlider: (p) => (p <= 0 ? min : clamp(tidy(10 ** (a + (p / SLIDER_STEPS) * (b - a))), min, max)),
  };
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/** Three significant digits: slider values a person can read and type back. */
function tidy(v: number): number {
  return Number(v.toPrecision(3));
}

export const PARAM_INFO: Record<NumericParam, string> = {
  theta: 'Barnes–Hut opening angle (0 = exact)',
  repulsion: 'Repulsion between all pairs',
  springStrength: 'Spring stiffness along edges',
  springLength: 'Spring rest length',
  gravity: 'Pull toward the centre',
  damping: 'Velocity kept per step',
  maxVelocity: 'Largest move per step',
  cooling: 'Temperature factor per step',
  stabilityThreshold: 'Energy under which steps are skipped',
  timeStep: 'Time step',
};
