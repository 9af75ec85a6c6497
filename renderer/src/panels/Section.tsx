// A titled, collapsible panel section.
import { useState, type ReactNode } from 'react';

export function Section({ title, children, open = true, testId }: { title: string; children: ReactNode; open?: boolean; testId?: string }) {
  const [expanded, setExpanded] = useState(open);
  return (
    <section className="panel-section" data-testid={testId}>
      <button className="section-title" onClick={() => setExpanded(!expanded)} aria-expanded={expanded}>
        <span className="chevron">{expanded ? '▾' : '▸'}</span>
        {title}
      </button>
      {expanded && <div className="section-body">{children}</div>}
    </section>
  );
}
