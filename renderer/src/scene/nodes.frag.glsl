// A disc with a darker rim and a soft highlight, so overlapping nodes stay distinguishable.
varying vec3 vColor;

void main() {
  vec2 p = gl_PointCoord * 2.0 - 1.0;
  float r2 = dot(p, p);
  if (r2 > 1.0) discard;
  float shade = 0.78 + 0.22 * (1.0 - r2);
  float rim = smoothstep(0.72, 0.95, r2);
  vec3 c = mix(vColor * shade, vColor * 0.35, rim);
  gl_FragColor = vec4(c, 1.0);
}
