// The selection ring: as big as the node it marks plus a margin, never tiny.
uniform float uNodeSize;
uniform float uViewportScale;

void main() {
  vec4 mv = modelViewMatrix * vec4(position, 1.0);
  gl_Position = projectionMatrix * mv;
  gl_PointSize = clamp(uNodeSize * uViewportScale / max(-mv.z, 1e-6), 2.0, 64.0) * 1.6 + 8.0;
}
