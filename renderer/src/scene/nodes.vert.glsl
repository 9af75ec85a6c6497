// Round, size-attenuated nodes. `position` and `color` (vertexColors) are declared by three.
uniform float uNodeSize;      // world units
uniform float uViewportScale; // drawing-buffer pixels per world unit at distance 1
uniform float uMaxPixels;
varying vec3 vColor;

void main() {
  vColor = color;
  vec4 mv = modelViewMatrix * vec4(position, 1.0);
  gl_Position = projectionMatrix * mv;
  // Never smaller than ~2 px so a zoomed-out graph of a million nodes still shows its shape.
  gl_PointSize = clamp(uNodeSize * uViewportScale / max(-mv.z, 1e-6), 2.0, uMaxPixels);
}
