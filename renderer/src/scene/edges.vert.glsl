// Edges share the nodes' position and colour attributes; each end takes its node's colour.
varying vec3 vColor;

void main() {
  vColor = color;
  gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0);
}
