// "Run to convergence" as a task, on the real native engine through a session and an in-process window.
import { afterEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type TaskInfo } from '../../../protocol/messages.js';
import { createEngine } from '../engine/engine.js';
import { isAbortError } from '../lifecycle.js';
import { InProcessTransport } from './in-process-transport.js';
import { Session } from './session.js';

let session: Session | undefined;
afterEach(async () => {
  await session?.dispose();
  session = undefined;
});

async function start(sample: string): Promise<{ s: Session; t: InProcessTransport }> {
  const s = (session = new Session({ engine: await createEngine({ backend: 'cpu', threads: 2 }), onError: () => {} }));
  expect(await s.openSample(sample)).toBe(true);
  const t = new InProcessTransport();
  s.addClient(t);
  const welcome = t.next('welcome');
  t.fromClient({ type: 'hello', protocol: PROTOCOL_VERSION });
  await welcome;
  return { s, t };
}

/** The task messages of one kind the window gets from now on (read the returned function later). */
function taskMessages(t: InProcessTransport, kind: string): () => TaskInfo[] {
  const from = t.messages.length;
  return () => t.messages.slice(from).flatMap((m) => (m.type === 'task' && m.task.kind === kind ? [m.task] : []));
}

describe('layout run to convergence', () => {
  it('runs a paused layout until the engine says settled, with rising progress and a message, then ends done', async () => {
    const { s, t } = await start('les-miserables');
    s.setPaused(true);
    const messages = taskMessages(t, 'layout');
    const before = s.engineStats().iterations;
    const run = s.runToConvergence();
    expect(s.paused).toBe(false); // the run resumes the layout
    const result = await run.result;
    const seen = messages();
    expect(result.converged).toBe(true);
    expect(s.engine.stats().settled).toBe(true);
    expect(result.iterations).toBeGreaterThan(50);
    expect(s.engineStats().iterations - before).toBeGreaterThanOrEqual(result.iterations);
    const running = seen.filter((m) => m.state === 'running');
    const fractions = running.map((m) => m.progress!);
    expect(fractions.length).toBeGreaterThan(2);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]!).toBeGreaterThanOrEqual(fractions[i - 1]!);
    expect(Math.max(...fractions)).toBeGreaterThan(0.5);
    expect(running.some((m) => /^iteration \d+, temperature /.test(m.message ?? ''))).toBe(true);
    expect(seen.at(-1)).toMatchObject({ state: 'done', progress: 1, label: expect.stringContaining('les-miserables') });
    expect(seen.at(-1)!.message).toBeUndefined();
    // Already at rest: a second run ends at once.
    const again = await s.runToConvergence().result;
    expect(again).toMatchObject({ converged: true, iterations: 0 });
  }, 60_000);

  it('stops after maxIterations and pauses the layout there', async () => {
    const { s } = await start('netscience');
    const r = await s.runToConvergence({ maxIterations: 20 }).result;
    expect(r.converged).toBe(false);
    expect(r.iterations).toBeGreaterThanOrEqual(20);
    expect(r.iterations).toBeLessThan(20 + 6); // one batch past the bound at most
    expect(s.paused).toBe(true);
    const at = s.engineStats().iterations;
    await new Promise((r) => setTimeout(r, 150));
    expect(s.engineStats().iterations).toBe(at);
  });

  it('cancel from the window stops the layout where it is; a second run is refused while one goes', async () => {
    const { s, t } = await start('netscience');
    const run = s.runToConvergence();
    expect(() => s.runToConvergence()).toThrow(/already going \(task \d+\)/);
    await t.next('task', (m) => m.task.kind === 'layout' && m.task.state === 'running' && (m.task.progress ?? 0) > 0);
    const cancelled = t.next('task', (m) => m.task.taskId === run.taskId && m.task.state === 'cancelled');
    t.fromClient({ type: 'cancelTask', taskId: run.taskId });
    await cancelled;
    await expect(run.result).rejects.toSatisfy(isAbortError);
    expect(s.paused).toBe(true);
    // A window's runLayout message starts the next one.
    const next = t.next('task', (m) => m.task.kind === 'layout' && m.task.state === 'running');
    t.fromClient({ type: 'runLayout', maxIterations: 5 });
    expect((await next).task.label).toContain('at most 5 iterations');
  });

  it('pausing the layout or opening another graph cancels the run without touching the layout; a timeout fails it', async () => {
    const { s } = await start('netscience');
    const run = s.runToConvergence();
    s.setPaused(true);
    await expect(run.result).rejects.toMatchObject({ name: 'AbortError', message: 'the layout was paused' });
    expect(s.paused).toBe(true);

    const run2 = s.runToConvergence();
    expect(s.paused).toBe(false);
    await s.openSample('karate');
    await expect(run2.result).rejects.toMatchObject({ name: 'AbortError', message: 'a new graph was opened' });
    expect(s.paused).toBe(false);

    await s.setParams({ cooling: 1, stabilityThreshold: 0 }); // never cools, never at rest: only the timeout ends it
    await expect(s.runToConvergence({ timeoutMs: 200 }).result).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(s.paused).toBe(true);
  });

  it('is refused when no graph is open, naming why; a window gets the error', async () => {
    const s = (session = new Session({ engine: await createEngine({ backend: 'cpu', threads: 1 }), onError: () => {} }));
    expect(() => s.runToConvergence()).toThrow('run to convergence: no graph is open');
    const t = new InProcessTransport();
    s.addClient(t);
    const welcome = t.next('welcome');
    t.fromClient({ type: 'hello', protocol: PROTOCOL_VERSION });
    await welcome;
    const error = t.next('error');
    t.fromClient({ type: 'runLayout' });
    expect((await error).message).toBe('run to convergence: no graph is open');
  });
});
