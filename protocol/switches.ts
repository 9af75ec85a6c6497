// Layout parameters shared by main and renderer; the switches themselves are declared in switch-table.ts.

export {
  SWITCH_NAMES,
  ENGINE_SWITCHES,
  CORE_SWITCHES,
  LIVE_SWITCHES,
  DEFAULT_SWITCHES,
  isEngineSwitch,
  isLiveSwitch,
  isSwitchName,
  type SwitchName,
  type EngineSwitchName,
  type CoreSwitchName,
  type Switches,
} from './switch-table.js';

export interface LayoutParams {
  /** 2 or 3 dimensions; 2D keeps z = 0. */
  dimensions: 2 | 3;
  /** Barnes-Hut opening angle; 0 means exact all-pairs. */
  theta: number;
  /** Repulsion strength between every pair of nodes. */
  repulsion: number;
  /** Spring stiffness along edges. */
  springStrength: number;
  /** Spring rest length. */
  springLength: number;
  /** Pull toward the centre. */
  gravity: number;
  /** Fraction of velocity kept per step (0..1). */
  damping: number;
  /** Largest distance a node moves in one step. */
  maxVelocity: number;
  /** Multiplies the temperature each step; 1 never cools. */
  cooling: number;
  /** Mean kinetic energy per node under which the stability gate skips steps. */
  stabilityThreshold: number;
  /** Time step. */
  timeStep: number;
}

export const DEFAULT_PARAMS: LayoutParams = {
  dimensions: 3,
  theta: 0.8,
  repulsion: 1,
  springStrength: 1,
  springLength: 0.05,
  gravity: 0.02,
  damping: 0.85,
  maxVelocity: 2,
  cooling: 0.99,
  stabilityThreshold: 1e-5,
  timeStep: 1,
};

/** Bounds a person may set in the UI; the engine rejects anything outside, naming the parameter. */
export const PARAM_BOUNDS: Record<Exclude<keyof LayoutParams, 'dimensions'>, [number, number]> = {
  theta: [0, 2],
  repulsion: [0, 1e6],
  springStrength: [0, 1e3],
  springLength: [1e-6, 1e6],
  gravity: [0, 1e3],
  damping: [0, 1],
  maxVelocity: [1e-6, 1e6],
  cooling: [0.5, 1],
  stabilityThreshold: [0, 1e3],
  timeStep: [1e-6, 100],
};
