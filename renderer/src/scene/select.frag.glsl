// A bright ring around the selected node.
void main() {
  vec2 p = gl_PointCoord * 2.0 - 1.0;
  float r = length(p);
  if (r > 1.0 || r < 0.62) discard;
  gl_FragColor = vec4(1.0, 0.93, 0.55, 1.0);
}
