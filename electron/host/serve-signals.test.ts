// `npm run serve` and `npm start` (browser fallback) stop when npm gets SIGTERM or SIGINT: npm passes the signal
// to its `sh -c` wrapper only, so the host has to notice on its own (parent-watch.ts). Checked on the real npm,
// the real compiled host and a real graph: after the signal to the npm process alone, no process of the group
// is left and the port is free again.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = resolve(__dirname, '../..');
const graph = resolve(repo, '../shared/data/karate.csv');
const compiled = existsSync(join(repo, 'dist/electron/host/serve.js'));

/** True while some process of group `pgid` is alive. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw e;
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((r) => {
    const s = createServer();
    s.once('error', () => r(false));
    s.listen(port, '127.0.0.1', () => s.close(() => r(true)));
  });
}

/** Starts `command args` in its own process group (detached, as a terminal would), waits for the host's URL line,
 *  sends `signal` to the started process alone, and reports whether the group and the port are gone 5 s later. */
async function runAndSignal(command: string, args: string[], signal: NodeJS.Signals) {
  // ELECTRON_OVERRIDE_DIST_PATH pointing nowhere makes `npm start` take its browser-host fallback even where
  // Electron is installed.
  const npm = spawn(command, args, {
    cwd: repo,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: '/nonexistent-electron' },
  });
  const pgid = npm.pid!;
  let out = '';
  npm.stdout.on('data', (d) => (out += d));
  npm.stderr.on('data', (d) => (out += d));
  try {
    const started = Date.now();
    let port: number | undefined;
    while (port === undefined) {
      const m = /ForceLab browser host: http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (m) port = Number(m[1]);
      else if (Date.now() - started > 30_000) throw new Error(`no URL line in 30 s; output:\n${out}`);
      else await new Promise((r) => setTimeout(r, 50));
    }
    expect(await portFree(port)).toBe(false);

    const signalled = Date.now();
    process.kill(npm.pid!, signal); // npm only, not the group
    while (groupAlive(pgid) && Date.now() - signalled < 5000) await new Promise((r) => setTimeout(r, 50));
    const left = groupAlive(pgid);
    return { left, port, free: await portFree(port), ms: Date.now() - signalled, out };
  } finally {
    if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL'); // whatever the outcome, leave nothing behind
  }
}

describe.skipIf(!compiled)('npm scripts pass SIGTERM and SIGINT to the host', () => {
  it.each([
    ['serve', 'SIGTERM'],
    ['serve', 'SIGINT'],
    ['start', 'SIGTERM'],
    ['start', 'SIGINT'],
  ] as const)('npm run %s, then %s to npm: nothing of the group is left and the port is free', async (script, signal) => {
    const r = await runAndSignal('npm', ['run', script, '--', graph], signal);
    console.log(`npm run ${script} + ${signal}: group gone ${!r.left} after ${r.ms} ms, port ${r.port} free ${r.free}`);
    expect(r.left, `processes of the group still running 5 s after ${signal}; output:\n${r.out}`).toBe(false);
    expect(r.free).toBe(true);
    expect(r.out).toMatch(/ForceLab browser host: stopped \(/); // it shut down (session disposed), not killed
  }, 60_000);

  it('a host whose parent is killed outright (SIGKILL to its `sh -c`) notices and shuts down', async () => {
    // dash does not exec the last command of `sh -c`: the host is the shell's child and is re-parented.
    const r = await runAndSignal('sh', ['-c', `node dist/electron/host/serve.js '${graph}'`], 'SIGKILL');
    console.log(`sh -c host + SIGKILL to sh: group gone ${!r.left} after ${r.ms} ms, port ${r.port} free ${r.free}`);
    expect(r.left, `the orphaned host still runs 5 s after its parent died; output:\n${r.out}`).toBe(false);
    expect(r.free).toBe(true);
    expect(r.out).toContain('ForceLab browser host: stopped (its parent process exited)');
  }, 60_000);
});
if (!compiled) console.log('serve-signals test skipped: dist/electron/host/serve.js is missing (run npm run build:main)');
