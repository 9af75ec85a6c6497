uniform float uOpacity;
varying vec3 vColor;

void main() {
  // Desaturate toward grey-blue so edges sit behind the nodes visually.
  vec3 c = mix(vColor, vec3(0.55, 0.62, 0.75), 0.45);
  gl_FragColor = vec4(c, uOpacity);
}
