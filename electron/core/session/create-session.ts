// The one way every host builds its core: the real native engine, a Session, and the first graph
// (the file asked for, else the default sample). Failure to open that first graph is an error for the caller.
import { createEngine } from '../engine/engine.js';
import type { EngineOptions } from '../engine/engine-api.js';
import { DEFAULT_SAMPLE } from '../graph/samples.js';
import type { McpSourcesOptions } from './mcp-sources.js';
import { Session } from './session.js';

export interface CreateSessionOptions {
  graphFile?: string;
  engine?: EngineOptions;
  onError?: (message: string) => void;
  mcp?: McpSourcesOptions;
}

export async function createSession(opts: CreateSessionOptions = {}): Promise<Session> {
  // The host's engine yields the CPU to its event loop and the window (engine-api.ts: background).
  const engine = await createEngine({ background: true, ...opts.engine });
  let firstError: string | undefined;
  let opened = false;
  const session = new Session({
    engine,
    mcp: opts.mcp,
    // A failure to open the first graph is thrown to the caller, not also logged.
    onError: (m) => {
      if (opened) opts.onError?.(m);
      else firstError ??= m;
    },
  });
  const ok = opts.graphFile ? await session.openFile(opts.graphFile) : await session.openSample(DEFAULT_SAMPLE);
  if (!ok) {
    await session.dispose();
    throw new Error(firstError ?? `could not open ${opts.graphFile ?? DEFAULT_SAMPLE}`);
  }
  opened = true;
  return session;
}
