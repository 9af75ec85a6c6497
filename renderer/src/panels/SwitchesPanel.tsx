// Every performance switch with a toggle and the live figures that show what it does, all as the switch table
// declares them. A switch the host does not implement yet (welcome.liveSwitches) is greyed out and disabled,
// saying what will bring it.
import { SWITCH_TABLE, type FigureGroup } from '../../../protocol/switch-table.js';
import { useApp, useSession } from '../session/session-context.js';
import { Section } from './Section.js';
import { figuresOf, formatFigure } from './switch-figures.js';

function FigureList({ group, className = 'figures' }: { group: FigureGroup; className?: string }) {
  const stats = useApp((s) => s.stats);
  const figures = figuresOf(stats, group);
  if (figures.length === 0) return null;
  return (
    <dl className={className} data-testid={`figures-${group}`}>
      {figures.map(({ spec, value }) => (
        <div key={spec.key} title={spec.meaning} data-figure={spec.key}>
          <dt>{spec.label}</dt>
          <dd>{formatFigure(spec, value)}</dd>
        </div>
      ))}
    </dl>
  );
}

export function SwitchesPanel() {
  const session = useSession();
  const switches = useApp((s) => s.switches);
  const live = useApp((s) => s.liveSwitches);
  // Working switches first; the ones not wired yet below them, so the live figures stay together.
  const rows = [...SWITCH_TABLE.filter((s) => live.includes(s.id)), ...SWITCH_TABLE.filter((s) => !live.includes(s.id))];
  return (
    <Section title="Performance switches" testId="switches">
      {!switches && <p className="muted">waiting for the host…</p>}
      {switches &&
        rows.map((info) => {
          const name = info.id;
          if (!live.includes(name)) {
            const landsWith = 'landsWith' in info ? info.landsWith : undefined;
            return (
              <div className="switch-row unwired" key={name} data-testid={`switch-${name}`}>
                <label className="switch-head" title={`on: ${info.on}\noff: ${info.off}`}>
                  <input type="checkbox" role="switch" checked={false} disabled aria-label={info.title} readOnly />
                  <span className="switch-title">{info.title}</span>
                  <span className="switch-mode">not wired yet{landsWith ? `: lands with ${landsWith}` : ' in this host'}</span>
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
              <FigureList group={name} />
            </div>
          );
        })}
      {switches && (
        <>
          <h3 className="figures-head">Engine, tasks and transport</h3>
          <FigureList group="general" className="figures other" />
        </>
      )}
    </Section>
  );
}
