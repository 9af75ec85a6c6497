import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderGraphMessages, runGraphMessagesJob } from './graph-messages.mjs';
import { REPO_ROOT } from './graph-catalogue.mjs';

const built = fs.existsSync(path.join(REPO_ROOT, 'dist/electron/core/graph/graph-store.js'));

describe('bench: graph messages', () => {
  it.skipIf(!built)('runs single-edge updates with the switch on and off and prints the ratio', async () => {
    const r = await runGraphMessagesJob({ graph: 'les-miserables', updates: 40, offUpdates: 10 });
    expect(r.on.updates).toBe(40);
    expect(r.off.updates).toBe(10);
    expect(r.off.bytesPerUpdate).toBeGreaterThanOrEqual(r.graphBytes);
    expect(r.on.bytesPerUpdate).toBeLessThan(r.graphBytes / 100);
    const md = renderGraphMessages(r).join('\n');
    expect(md).toMatch(/## Graph messages/);
    expect(md).toMatch(/bytes copied \d+x .*holds/);
  });

  it('says when it was not measured', () => {
    expect(renderGraphMessages(undefined).join('\n')).toMatch(/Not measured in this run/);
    expect(renderGraphMessages({ error: 'dist/ is missing' }).join('\n')).toMatch(/Not measured: dist\/ is missing/);
  });
});
