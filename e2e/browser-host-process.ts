// Runs the real browser host (`node dist/electron/host/serve.js FILE --port 0`) as a child process and
// reads its URL from the line it prints.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

export interface HostProcess {
  url: string;
  /** Everything the host wrote, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

const URL_LINE = /ForceLab browser host: .*?(\S+)\s*$/m;

/** `env` adds to the host's environment (FORCELAB_ADDON, say, to run it on another build of the engine); `args`
 *  to its command line (--memory-file, say). */
export async function startBrowserHost(graphFile: string, timeoutMs = 60_000, env: Record<string, string> = {}, args: string[] = []): Promise<HostProcess> {
  const child = spawn(process.execPath, [join(repoRoot, 'dist/electron/host/serve.js'), graphFile, '--port', '0', ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let log = '';
  child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail(`no "ForceLab browser host:" line within ${timeoutMs} ms`), timeoutMs);
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`browser host: ${why}\n--- host output ---\n${log}`));
    };
    child.stdout!.on('data', () => {
      const m = URL_LINE.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code, signal) => fail(`exited early (code ${code}, signal ${signal})`));
  });
  child.removeAllListeners('exit');
  return { url, output: () => log, stop: () => stop(child) };
}

/** SIGTERM (the host shuts down cleanly), SIGKILL if it has not exited within 5 s. */
function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
