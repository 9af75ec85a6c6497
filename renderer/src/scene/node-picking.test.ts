import { describe, expect, it } from 'vitest';
import { Matrix4, PerspectiveCamera } from 'three';
import { neighboursOf, pickNode } from './node-picking.js';

function viewProjection(camera: PerspectiveCamera): number[] {
  camera.updateMatrixWorld();
  return new Matrix4().multiplyMatrices(camera.projectionMatrix, camera.matrixWorldInverse).toArray();
}

describe('pickNode', () => {
  const camera = new PerspectiveCamera(90, 1, 0.1, 100);
  camera.position.set(0, 0, 10);
  camera.lookAt(0, 0, 0);
  const vp = viewProjection(camera);
  // node 0 at the centre, node 1 right of it, node 2 behind node 0, node 3 behind the camera
  const positions = new Float32Array([0, 0, 0, 5, 0, 0, 0, 0, -5, 0, 0, 20]);

  it('finds the node drawn under the pointer, the nearer one when two overlap', () => {
    expect(pickNode(positions, 4, vp, 200, 200, 100, 100, 6)).toBe(0);
    // x = 5 at distance 10 with a 90 degree fov sits halfway to the right edge: 150 px
    expect(pickNode(positions, 4, vp, 200, 200, 149, 101, 6)).toBe(1);
  });

  it('misses when nothing is within reach and ignores nodes behind the camera', () => {
    expect(pickNode(positions, 4, vp, 200, 200, 20, 20, 6)).toBe(-1);
    expect(pickNode(new Float32Array([0, 0, 20]), 1, vp, 200, 200, 100, 100, 50)).toBe(-1);
  });
});

describe('neighboursOf', () => {
  it('lists each neighbour once whichever side of the edge it is on', () => {
    expect(neighboursOf(new Uint32Array([0, 1, 2, 0, 1, 0, 3, 4, 0, 0]), 0)).toEqual([1, 2]);
  });
});
