// `node dist/electron/host/serve.js [graph-file] [--port N] [--memory-file F] [--settings F]`: the app in a
// browser, for machines without Electron and for end-to-end tests. --memory-file is the built-in MCP server's
// knowledge graph (default: the per-user one the app uses), --settings the JSON file added MCP servers are kept in. Prints one line with the URL (its last word) and runs until stopped.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { appRoot } from '../core/graph/samples.js';
import { watchParent } from '../core/parent-watch.js';
import { startBrowserHost, type BrowserHost } from './browser-host.js';
import { rendererMissingMessage } from './static-files.js';

export interface ServeArgs {
  graphFile?: string;
  port: number;
  memoryFile?: string;
  settingsFile?: string;
}

const USAGE = 'usage: serve [graph-file] [--port N] [--memory-file FILE] [--settings FILE]';

export function parseServeArgs(argv: string[]): ServeArgs {
  const args: ServeArgs = { port: 0 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port' || a.startsWith('--port=')) {
      const v = a.includes('=') ? a.slice(7) : argv[++i];
      const port = Number(v);
      if (v === undefined || !Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port needs a number 0..65535, got ${JSON.stringify(v ?? '')}`);
      args.port = port;
    } else if (a === '--memory-file' || a === '--settings' || a.startsWith('--memory-file=') || a.startsWith('--settings=')) {
      const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, argv[++i]];
      if (!inline) throw new Error(`${flag} needs a file path; ${USAGE}`);
      if (flag === '--memory-file') args.memoryFile = inline;
      else args.settingsFile = inline;
    } else if (a.startsWith('--')) {
      throw new Error(`unknown option ${a}; ${USAGE}`);
    } else if (args.graphFile === undefined) {
      args.graphFile = a;
    } else {
      throw new Error(`one graph file at most, got ${JSON.stringify(args.graphFile)} and ${JSON.stringify(a)}`);
    }
  }
  return args;
}

/** Starts the host, prints the URL line, and stops cleanly (session disposed) on SIGINT, SIGTERM, SIGHUP or when
 *  the process that started it goes (npm's shell wrapper drops the signal, see parent-watch.ts). */
export async function serveMain(argv: string[]): Promise<BrowserHost> {
  const args = parseServeArgs(argv);
  const rendererDir = join(appRoot(), 'dist', 'renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) console.error(rendererMissingMessage(rendererDir));
  const host = await startBrowserHost({
    graphFile: args.graphFile,
    port: args.port,
    rendererDir,
    onError: (m) => console.error(m),
    mcp: { ...(args.memoryFile ? { memoryFile: args.memoryFile } : {}), ...(args.settingsFile ? { settingsFile: args.settingsFile } : {}) },
  });
  console.log(`ForceLab browser host: ${host.url}`);
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const parent = watchParent(() => stop('its parent process exited'));
  // `once`: a second Ctrl-C while shutting down gets the default action, so a stuck shutdown can still be ended.
  const handlers = signals.map((sig) => [sig, () => stop(sig)] as const);
  function stop(why: string): void {
    parent.dispose();
    for (const [sig, h] of handlers) process.off(sig, h);
    host.close().then(
      () => {
        console.log(`ForceLab browser host: stopped (${why})`);
        process.exit(0);
      },
      (err) => {
        console.error(`shutdown failed: ${(err as Error).message}`);
        process.exit(1);
      },
    );
  }
  for (const [sig, h] of handlers) process.once(sig, h);
  return host;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  serveMain(process.argv.slice(2)).catch((err) => {
    console.error(`forcelab serve: ${(err as Error).message}`);
    process.exit(1);
  });
}
