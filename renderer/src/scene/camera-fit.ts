// Where the camera must stand to see a bounding box: pure math, so it is testable without WebGL.
import type { BoundingBox } from '../../../protocol/frame.js';

type Vec3 = [number, number, number];

export interface FitGoal {
  center: Vec3;
  /** Distance from the centre along the view direction. */
  distance: number;
  /** Radius of the box's bounding sphere (sets clip planes and node size). */
  radius: number;
}

export interface ViewBasis {
  /** Unit vector from the orbit target toward the camera. */
  toCamera: Vec3;
  /** Unit vector of the screen's up, perpendicular to toCamera. */
  up: Vec3;
}

const FRONT: ViewBasis = { toCamera: [0, 0, 1], up: [0, 1, 0] };

/**
 * The closest distance from the box centre, along the current view direction, at which all eight
 * corners fall inside both fields of view (times a margin). Viewing a flat 2D layout head-on, the
 * graph then fills the window instead of a sphere around it.
 */
export function fitBoundingBox(bbox: BoundingBox, verticalFovDeg: number, aspect: number, view: ViewBasis = FRONT, margin = 1.06): FitGoal {
  const center = [0, 1, 2].map((k) => (bbox.min[k] + bbox.max[k]) / 2) as Vec3;
  const half = [0, 1, 2].map((k) => (bbox.max[k] - bbox.min[k]) / 2) as Vec3;
  // A single node (or all nodes at one point) still gets a sensible view.
  const radius = Math.max(Math.hypot(half[0], half[1], half[2]), 1e-3);
  const tanV = Math.tan((verticalFovDeg * Math.PI) / 360);
  const tanH = tanV * aspect;
  const { toCamera: d, up: u } = view;
  const right: Vec3 = [u[1] * d[2] - u[2] * d[1], u[2] * d[0] - u[0] * d[2], u[0] * d[1] - u[1] * d[0]];
  let distance = 0;
  for (let c = 0; c < 8; c++) {
    const p: Vec3 = [c & 1 ? half[0] : -half[0], c & 2 ? half[1] : -half[1], c & 4 ? half[2] : -half[2]];
    const along = dot(p, d);
    distance = Math.max(distance, along + Math.abs(dot(p, right)) / tanH, along + Math.abs(dot(p, u)) / tanV);
  }
  return { center, radius, distance: Math.max(distance * margin, radius * 0.5) };
}

/** World size of a node: a fraction of the spacing nodes would have if spread evenly over the box. */
export function nodeWorldSize(radius: number, nodeCount: number): number {
  return (radius * 0.4) / Math.sqrt(Math.max(nodeCount, 1));
}

function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}
