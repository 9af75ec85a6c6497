// The thread that owns an engine may end with jobs still running and queued (a worker terminated, an app
// quitting): the engine is disposed by a Node environment clean-up hook before Node closes the jobs'
// thread-safe functions, so the process exits cleanly instead of aborting.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { addonFile, findPackageRoot } from '../../electron/core/engine/engine.js';
import { testBackend } from './test-backend.js';

const child = path.join(findPackageRoot(), 'native/test/fixtures/worker-teardown.mjs');

function terminateWorker(second: 'step' | 'cluster') {
  return spawnSync(process.execPath, [child, addonFile(), testBackend, second], { encoding: 'utf8', timeout: 30_000 });
}

describe('engine teardown with the owning thread', () => {
  for (const second of ['step', 'cluster'] as const) {
    it(`a worker terminated with a long step running and a ${second} queued exits cleanly`, () => {
      const r = terminateWorker(second);
      expect(r.error).toBeUndefined();
      expect({ signal: r.signal, status: r.status, stderr: r.stderr }).toEqual({ signal: null, status: 0, stderr: '' });
      expect(r.stdout).toContain('terminated');
    });
  }
});
