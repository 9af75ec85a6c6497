// Orbit / zoom / pan, fit-to-view on request, and auto-fit while a new graph unfolds.
import { useEffect, useRef } from 'react';
import { useFrame, useThree } from '@react-three/fiber';
import { Vector3, type PerspectiveCamera } from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { useApp, useSession } from '../session/session-context.js';
import { fitBoundingBox, type FitGoal, type ViewBasis } from './camera-fit.js';

/** Frames of a new (or reshaped) layout during which the camera keeps following its box. */
const AUTO_FIT_FRAMES = 150;
/** Going to a found node, the camera comes at least this close (fraction of the whole-graph distance). */
const FOCUS_CLOSE = 0.35;
/** Time constant of the camera glide (s): by time, not per frame, so slow software GL keeps up. */
const GLIDE_SECONDS = 0.1;

export function CameraRig() {
  const session = useSession();
  const camera = useThree((s) => s.camera) as PerspectiveCamera;
  const domElement = useThree((s) => s.gl.domElement);
  const invalidate = useThree((s) => s.invalidate);
  const setThree = useThree((s) => s.set);
  // Created in an effect (not a memo) so a remount, e.g. under StrictMode, gets live DOM listeners again.
  const controlsRef = useRef<OrbitControls | null>(null);
  const rig = useRef({ goal: null as FitGoal | null, seenFit: 0, seenTopology: null as unknown, seenFollow: 0, seenFocus: 0, autoFrames: 0, snap: false, lastVersion: -1 });

  useEffect(() => {
    const controls = new OrbitControls(camera, domElement);
    controls.enableDamping = true;
    controls.dampingFactor = 0.12;
    controls.screenSpacePanning = true;
    // Once the person moves the camera, stop steering it for them.
    const onStart = () => {
      rig.current.autoFrames = 0;
      rig.current.goal = null;
    };
    controls.addEventListener('start', onStart);
    const onChange = () => invalidate();
    controls.addEventListener('change', onChange);
    controlsRef.current = controls;
    setThree({ controls }); // the node drag turns them off while it holds a node
    invalidate();
    return () => {
      setThree({ controls: null });
      controls.removeEventListener('start', onStart);
      controls.removeEventListener('change', onChange);
      controls.dispose();
      controlsRef.current = null;
    };
  }, [camera, domElement, invalidate, setThree]);

  // A 2D layout lies in the xy plane: look at it head-on and turn rotation off, as 2D tools do.
  const dimensions = useApp((s) => s.params?.dimensions ?? 3);
  useEffect(() => {
    const controls = controlsRef.current;
    if (!controls) return;
    controls.enableRotate = dimensions === 3;
    if (dimensions === 2) {
      const distance = camera.position.distanceTo(controls.target);
      camera.up.set(0, 1, 0);
      camera.position.copy(controls.target).add(new Vector3(0, 0, distance));
      camera.lookAt(controls.target);
      controls.update();
    }
    invalidate();
  }, [dimensions, camera, invalidate]);

  useFrame((state, delta) => {
    const controls = controlsRef.current;
    if (!controls) return;
    const r = rig.current;
    const frame = session.frames.getState();
    // A new graph, not an edit of this one (a delta replaces the topology object but keeps the graphId).
    if ((frame.topology?.graphId ?? null) !== r.seenTopology) {
      r.seenTopology = frame.topology?.graphId ?? null;
      r.autoFrames = AUTO_FIT_FRAMES;
      r.snap = true;
    }
    if (frame.followRequest !== r.seenFollow) {
      r.seenFollow = frame.followRequest;
      r.autoFrames = AUTO_FIT_FRAMES;
    }
    const aspect = state.size.width / Math.max(state.size.height, 1);
    if (frame.bbox && frame.hasFrame) {
      const fitAsked = frame.fitRequest !== r.seenFit;
      const following = r.autoFrames > 0 && frame.positionsVersion !== r.lastVersion;
      if (fitAsked || following) {
        r.seenFit = frame.fitRequest;
        r.goal = fitBoundingBox(frame.bbox, camera.fov, aspect, viewBasis(camera, controls));
        if (following) r.autoFrames--;
      }
      r.lastVersion = frame.positionsVersion;
      if (frame.focusRequest !== r.seenFocus) {
        r.seenFocus = frame.focusRequest;
        r.autoFrames = 0;
        const i = frame.focusNode;
        const fit = fitBoundingBox(frame.bbox, camera.fov, aspect);
        const distance = camera.position.distanceTo(controls.target);
        r.goal = {
          center: [frame.positions[3 * i], frame.positions[3 * i + 1], frame.positions[3 * i + 2]],
          distance: frame.focusCloser ? Math.min(distance, fit.distance * FOCUS_CLOSE) : distance,
          radius: fit.radius,
        };
      }
    }
    if (r.goal) {
      // The first view of a new graph jumps there; later fits glide.
      // Drawing on demand, the first delta after a pause can be long: cap it so the glide stays a glide.
      const t = r.snap ? 1 : 1 - Math.exp(-Math.min(delta, 0.1) / GLIDE_SECONDS);
      const arrived = moveToward(camera, controls, r.goal, t);
      r.snap = false;
      if (arrived) r.goal = null;
    }
    // Keep drawing while the camera glides or the orbit damping still carries it.
    if (controls.update() || r.goal) state.invalidate();
  });

  return null;
}

const dir = new Vector3();
const target = new Vector3();
const upScratch = new Vector3();

/** The camera's current view direction and screen-up, for fitting from where the person looks. */
function viewBasis(camera: PerspectiveCamera, controls: OrbitControls): ViewBasis {
  const toCamera = new Vector3().copy(camera.position).sub(controls.target);
  if (toCamera.lengthSq() < 1e-18) toCamera.set(0, 0, 1);
  toCamera.normalize();
  // Screen-up is the camera's local +y in world space.
  upScratch.set(0, 1, 0).applyQuaternion(camera.quaternion);
  return { toCamera: toCamera.toArray() as [number, number, number], up: upScratch.toArray() as [number, number, number] };
}

/** Moves target and camera part of the way to the goal along the current view direction; true when there. */
function moveToward(camera: PerspectiveCamera, controls: OrbitControls, goal: FitGoal, t: number): boolean {
  dir.copy(camera.position).sub(controls.target);
  let distance = dir.length();
  if (distance < 1e-9) dir.set(0, 0, 1);
  dir.normalize();
  target.set(goal.center[0], goal.center[1], goal.center[2]);
  controls.target.lerp(target, t);
  distance += (goal.distance - distance) * t;
  camera.position.copy(controls.target).addScaledVector(dir, distance);
  // Clip planes follow the scale of the graph, which can be 1 unit or 10^5.
  camera.near = Math.max(distance / 1000, 1e-6);
  camera.far = distance * 20 + goal.radius * 4;
  camera.updateProjectionMatrix();
  return Math.abs(goal.distance - distance) < goal.distance * 1e-3 && controls.target.distanceTo(target) < goal.radius * 1e-3;
}
