// A thin white-cyan ring at a pinned node: unlike the selection ring (gold) and every node colour.
void main() {
  vec2 p = gl_PointCoord * 2.0 - 1.0;
  float r = length(p);
  if (r > 1.0 || r < 0.78) discard;
  gl_FragColor = vec4(0.75, 1.0, 1.0, 1.0);
}
