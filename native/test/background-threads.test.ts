// engine({ background: true }): every engine thread runs in the OS's background class, so the host's event
// loop never waits behind them (native/src/thread_priority.h). Read from /proc: Linux only.
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine, type NativeEngineWrapper } from '../../electron/core/engine/engine.js';
import { readCsr } from './read-graph.js';

const SCHED_IDLE = 5;
/** Thread ids of this process by scheduling policy (field 41 of /proc/self/task/<tid>/stat). */
function threadsByPolicy(): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const tid of readdirSync('/proc/self/task').map(Number)) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    const policy = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[41 - 3]);
    out.set(policy, [...(out.get(policy) ?? []), tid]);
  }
  return out;
}
const idleThreads = () => threadsByPolicy().get(SCHED_IDLE) ?? [];

const engines: NativeEngineWrapper[] = [];
afterEach(() => {
  for (const e of engines.splice(0)) e.dispose();
});

describe.runIf(process.platform === 'linux')('background engine threads', () => {
  it('background: the stepping thread, the CPU workers and the clustering thread run SCHED_IDLE; by default none do', async () => {
    const before = idleThreads().length;
    const plain = createEngine({ backend: 'cpu', threads: 3 });
    engines.push(plain);
    plain.setGraph(readCsr('karate.csv'));
    await plain.step(5);
    expect(idleThreads().length).toBe(before);

    const bg = createEngine({ backend: 'cpu', threads: 3, background: true });
    engines.push(bg);
    bg.setGraph(readCsr('karate.csv'));
    await bg.step(5);
    // The stepping thread and two workers (threads: 3 counts the stepping thread).
    expect(idleThreads().length).toBe(before + 3);
    await bg.cluster();
    expect(idleThreads().length).toBe(before + 4);
    bg.dispose();
    engines.pop();
    expect(idleThreads().length).toBe(before);
  });

  it('refuses a background option that is not a boolean', () => {
    expect(() => createEngine({ backend: 'cpu', background: 'yes' as unknown as boolean })).toThrow(/background must be a boolean/);
  });
});
