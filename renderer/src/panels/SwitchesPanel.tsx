// Every performance switch with a toggle and the live figures that show what it does. A switch the host
// does not implement yet (welcome.liveSwitches) is greyed out and disabled, saying what will bring it.
import { SWITCH_NAMES } from '../../../protocol/switches.js';
import { useApp, useSession } from '../session/session-context.js';
import { figureLabel, formatFigure } from './format.js';
import { Section } from './Section.js';
import { SWITCH_INFO, figuresBySwitch } from './switch-figures.js';

export function SwitchesPanel() {
  const session = useSession();
  const switches = useApp((s) => s.switches);
  const live = useApp((s) => s.liveSwitches);
  const stats = useApp((s) => s.stats);
  const allocationsPerSecond = useApp((s) => s.allocationsPerSecond);
  const { bySwitch, other } = figuresBySwitch(stats, allocationsPerSecond, live);
  return (
    <Section title="Performance switches" testId="switches">
      {!switches && <p className="muted">waiting for the host…</p>}
      {switches &&
        // Working switches first; the ones not wired yet below them, so the live figures stay together.
        [...SWITCH_NAMES.filter((n) => live.includes(n)), ...SWITCH_NAMES.filter((n) => !live.includes(n))].map((name) => {
          const info = SWITCH_INFO[name];
          if (!live.includes(name)) {
            return (
              <div className="switch-row unwired" key={name} data-testid={`switch-${name}`}>
                <label className="switch-head" title={`on: ${info.on}\noff: ${info.off}`}>
                  <input type="checkbox" role="switch" checked={false} disabled aria-label={info.title} readOnly />
                  <span className="switch-title">{info.title}</span>
                  <span className="switch-mode">not wired yet{info.landsWith ? `: lands with ${info.landsWith}` : ' in this host'}</span>
                </label>
              </div>
            );
          }
          const on = switches[name];
          return (
            <div className={`switch-row ${on ? 'on' : 'off'}`} key={name} data-testid={`switch-${name}`}>
              <label className="switch-head" title={`on: ${info.on}\noff: ${info.off}`}>
                <input
                  type="checkbox"
                  role="switch"
                  checked={on}
                  aria-label={info.title}
                  onChange={(e) => session.send({ type: 'setSwitch', name, on: e.target.checked })}
                />
                <span className="switch-title">{info.title}</span>
                <span className="switch-mode">{on ? info.on : info.off}</span>
              </label>
              {bySwitch[name].length > 0 && (
                <dl className="figures">
                  {bySwitch[name].map((f) => (
                    <div key={f.key}>
                      <dt>{figureLabel(f.key)}</dt>
                      <dd>{formatFigure(f.key, f.value)}</dd>
                    </div>
                  ))}
                </dl>
              )}
            </div>
          );
        })}
      {other.length > 0 && (
        <dl className="figures other">
          {other.map((f) => (
            <div key={f.key}>
              <dt>{figureLabel(f.key)}</dt>
              <dd>{formatFigure(f.key, f.value)}</dd>
            </div>
          ))}
        </dl>
      )}
    </Section>
  );
}
