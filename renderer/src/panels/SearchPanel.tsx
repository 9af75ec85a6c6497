// Find a node by name: type part of a label or id; Enter (or a click) selects the first / highlighted result,
// rings it and flies the camera to it. The index is built once per graph (search/node-name-index.ts).
import { useDeferredValue, useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import { useStore } from 'zustand';
import { useApp, useSession } from '../session/session-context.js';
import { currentNames, requestFocus } from '../store/frame-store.js';
import { Section } from './Section.js';

const count = (n: number) => n.toLocaleString('en-US');
/** Numbers this window's MCP searches, so a late answer to older typing is recognised. */
let mcpRequests = 0;

export function SearchPanel() {
  const session = useSession();
  // The index object changes once per graph, so this re-renders on a new graph, never per frame.
  const names = useStore(session.frames, currentNames);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  // Typing stays responsive on big graphs: the search runs on the deferred query.
  const deferred = useDeferredValue(query);
  // An MCP source searches itself (search_nodes also matches types and observations); the answer names
  // entities, shown through the local index. The local search stands in until it arrives, or if it fails.
  const mcpSource = useApp((s) => (s.graph?.source.startsWith('mcp:') ? s.graph.source.slice(4) : null));
  const mcpSearch = useApp((s) => s.mcpSearch);
  useEffect(() => {
    if (!mcpSource || !deferred.trim()) return;
    session.send({ type: 'mcpSearch', requestId: ++mcpRequests, query: deferred.trim() });
  }, [session, mcpSource, deferred]);
  const fromServer = mcpSource && names && mcpSearch && !mcpSearch.error && mcpSearch.query === deferred.trim() ? names.describeIds(mcpSearch.ids) : null;
  const local = useMemo(() => (names ? names.search(deferred) : null), [names, deferred]);
  const result = fromServer ?? local;
  const matches = result?.matches ?? [];

  const pick = (node: number) => {
    session.app.setState({ selectedNode: node });
    requestFocus(session.frames, node, true);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      // Enter means "the best match for what I typed", even if the deferred search has not caught up yet.
      const fresh = names && deferred !== query ? names.search(query, 1).matches : matches;
      const hit = fresh[deferred !== query ? 0 : Math.min(active, fresh.length - 1)];
      if (hit) pick(hit.node);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((a) => Math.max(0, Math.min(matches.length - 1, a + step)));
    } else if (e.key === 'Escape') {
      setQuery('');
    }
  };

  return (
    <Section title="Search" testId="search">
      <div className="search">
        <input
          type="search"
          placeholder={names ? `name or id of ${count(names.nodeCount)} nodes` : 'no node names yet'}
          aria-label="search nodes"
          disabled={!names}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
        />
        {result && deferred.trim() !== '' && (
          <p className="search-count" data-testid="search-count">
            {result.total === 0
              ? 'no match'
              : result.total > matches.length
                ? `first ${matches.length} of ${count(result.total)} matches`
                : `${result.total} ${result.total === 1 ? 'match' : 'matches'}`}
            {fromServer && <span className="muted"> · searched by {mcpSource}</span>}
            {mcpSource && mcpSearch?.error && mcpSearch.query === deferred.trim() && <span className="muted" title={mcpSearch.error}> · {mcpSource} could not search: names only</span>}
          </p>
        )}
        {matches.length > 0 && (
          <ul className="search-results" role="listbox" aria-label="search results">
            {matches.map((m, i) => (
              <li key={m.node}>
                <button className={i === active ? 'active' : ''} role="option" aria-selected={i === active} onClick={() => pick(m.node)}>
                  <span className="name">{m.name}</span>
                  {m.id !== undefined && <span className="id">{m.id}</span>}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Section>
  );
}
