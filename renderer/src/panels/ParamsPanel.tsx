// Layout parameters: sliders within PARAM_BOUNDS (log scale for wide ranges) and 2D / 3D.
import { useEffect, useRef, useState } from 'react';
import { PARAM_BOUNDS } from '../../../protocol/switches.js';
import { useApp, useSession } from '../session/session-context.js';
import { requestFollow } from '../store/frame-store.js';
import { formatNumber } from './format.js';
import { PARAM_INFO, SLIDER_STEPS, paramScale, type NumericParam } from './param-scale.js';
import { Section } from './Section.js';

const ORDER: NumericParam[] = ['repulsion', 'springStrength', 'springLength', 'gravity', 'theta', 'damping', 'maxVelocity', 'cooling', 'timeStep', 'stabilityThreshold'];
/** Slider drags send at most this often; the last value always goes out. */
const SEND_INTERVAL_MS = 80;

export function ParamsPanel() {
  const session = useSession();
  const params = useApp((s) => s.params);
  return (
    <Section title="Layout parameters" testId="params">
      {!params && <p className="muted">waiting for the host…</p>}
      {params && (
        <>
          <div className="dimensions" role="group" aria-label="dimensions">
            {([2, 3] as const).map((d) => (
              <button
                key={d}
                className={params.dimensions === d ? 'active' : ''}
                onClick={() => {
                  requestFollow(session.frames);
                  session.send({ type: 'setParams', params: { dimensions: d } });
                }}
              >
                {d}D
              </button>
            ))}
            <button className="right" title="Restart the cooling schedule" onClick={() => session.send({ type: 'reheat' })}>
              Reheat
            </button>
          </div>
          {ORDER.map((name) => (
            <ParamSlider key={name} name={name} value={params[name]} />
          ))}
        </>
      )}
    </Section>
  );
}

function ParamSlider({ name, value }: { name: NumericParam; value: number }) {
  const session = useSession();
  const scale = paramScale(name);
  // While dragging, show the local value; the host's confirmed value takes over when it arrives.
  const [local, setLocal] = useState<number | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const pending = useRef<number | null>(null);
  useEffect(() => setLocal(null), [value]);
  useEffect(() => () => { if (timer.current) clearTimeout(timer.current); }, []);

  const send = (v: number) => {
    pending.current = v;
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      if (pending.current !== null) session.send({ type: 'setParams', params: { [name]: pending.current } });
      pending.current = null;
    }, SEND_INTERVAL_MS);
  };

  const shown = local ?? value;
  const [min, max] = PARAM_BOUNDS[name];
  return (
    <label className="param" title={`${PARAM_INFO[name]} [${min} … ${max}]`}>
      <span className="param-name">{name}</span>
      <span className="param-value">{formatNumber(shown)}</span>
      <input
        type="range"
        min={0}
        max={SLIDER_STEPS}
        step={1}
        value={scale.toSlider(shown)}
        aria-label={name}
        onChange={(e) => {
          const v = scale.fromSlider(Number(e.target.value));
          setLocal(v);
          send(v);
        }}
      />
    </label>
  );
}
