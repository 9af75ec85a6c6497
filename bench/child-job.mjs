// Runs one job in a forked child (structured-clone IPC, so typed arrays travel as they are) and
// settles with its result. The child is always gone when the promise settles.
import { fork } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * @template R
 * @param {string} script absolute path of the runner
 * @param {unknown} job
 * @param {(message: any) => void} [onProgress]
 * @returns {Promise<R>}
 */
export function runInChild(script, job, onProgress) {
  return new Promise((resolve, reject) => {
    const child = fork(script, [], {
      serialization: 'advanced',
      // Peers on 300k nodes need more than the default heap; gc lets the runner take a clean baseline.
      execArgv: ['--expose-gc', '--max-old-space-size=12288'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    /** @type {{ ok: true, value: R } | { ok: false, error: Error } | undefined} */
    let outcome;
    child.on('message', (/** @type {any} */ message) => {
      if (message?.type === 'progress') onProgress?.(message);
      else if (message?.type === 'result') outcome = { ok: true, value: message.result };
      else if (message?.type === 'error') outcome = { ok: false, error: new Error(message.message) };
    });
    child.on('error', (error) => { outcome ??= { ok: false, error }; });
    child.on('exit', (code, signal) => {
      if (outcome?.ok) resolve(outcome.value);
      else reject(outcome?.error ?? new Error(`runner exited with ${signal ?? `code ${code}`} before reporting`));
    });
    child.send({ job });
  });
}

/**
 * True when the module at `url` is the script node was started with (the forked runner).
 * @param {string} url import.meta.url of the module asking
 */
export function isMainModule(url) {
  return process.argv[1] !== undefined && url === pathToFileURL(path.resolve(process.argv[1])).href;
}

/**
 * The child's side of runInChild: when `url` is the forked script itself, runs `job` on the one message the
 * parent sends and answers with its result (or error), then lets the process end. Returns whether it was.
 * @param {string} url import.meta.url of the runner
 * @param {(job: any) => Promise<unknown>} job
 * @returns {boolean}
 */
export function serveChildJob(url, job) {
  if (!(process.send && isMainModule(url))) return false;
  process.once('message', async (/** @type {any} */ message) => {
    try {
      process.send?.({ type: 'result', result: await job(message.job) });
    } catch (error) {
      process.send?.({ type: 'error', message: error instanceof Error ? error.message : String(error) });
      process.exitCode = 1;
    }
    process.disconnect?.();
  });
  return true;
}
