// Keys for the selected node: U unpins it, Delete / Backspace asks the host to remove it. Not while typing.
import { useEffect } from 'react';
import { useSession } from '../session/session-context.js';

export function EditKeys() {
  const session = useSession();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName))) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const node = session.app.getState().selectedNode;
      if (node === null) return;
      if (e.key === 'u' || e.key === 'U') session.edit((idOf) => [{ op: 'unpin', id: idOf(node) }]);
      else if (e.key === 'Delete' || e.key === 'Backspace') {
        e.preventDefault();
        session.edit((idOf) => [{ op: 'removeNodes', ids: [idOf(node)] }]);
      } else return;
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [session]);
  return null;
}
