// The `forcelab` command line (bin/forcelab.js). Errors print one line on stderr and exit non-zero.
import { pathToFileURL } from 'node:url';
import { parseConvertArgs, runConvert } from './convert-command.js';
import { runInfo } from './info-command.js';
import { parseLayoutArgs, runLayout } from './layout-command.js';
import { UsageError } from './usage-error.js';

const USAGE = `usage:
  forcelab layout <graph-file> --iterations N --out positions.csv|.positions.json|.gexf|.graphml|.json [--dimensions 2|3] [--seed S]
  forcelab layout mcp:memory ... [--memory-file F]   the knowledge graph of the default MCP source
  forcelab convert <in> <out> [--layout N] [--seed S] [--size WxH]   any graph file to the format out's extension
                                              names (.gexf .graphml .gml .gdf .net .json .edges.csv .dot .mtx, positions
                                              .csv / .positions.json, or a .png picture); positions from the file unless
                                              --layout N
  forcelab info <graph-file>                  one JSON line: nodes, edges, directed, selfLoops, duplicateEdges, isolated, components
  forcelab serve [graph-file] [--port N]      the app in a browser (127.0.0.1)`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return command === undefined ? 1 : 0;
  }
  if (command === 'layout') {
    const controller = new AbortController();
    const onSigint = () => controller.abort();
    process.once('SIGINT', onSigint);
    try {
      const summary = await runLayout(parseLayoutArgs(rest), controller.signal);
      console.log(JSON.stringify(summary));
      return 0;
    } finally {
      process.off('SIGINT', onSigint);
    }
  }
  if (command === 'convert') {
    const controller = new AbortController();
    const onSigint = () => controller.abort();
    process.once('SIGINT', onSigint);
    try {
      console.log(JSON.stringify(await runConvert(parseConvertArgs(rest), controller.signal)));
      return 0;
    } finally {
      process.off('SIGINT', onSigint);
    }
  }
  if (command === 'info') {
    console.log(JSON.stringify(await runInfo(rest)));
    return 0;
  }
  if (command === 'serve') {
    const { serveMain } = await import('../host/serve.js');
    await serveMain(rest);
    return -1; // keeps running until a signal
  }
  throw new UsageError(`unknown command ${JSON.stringify(command)}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code >= 0) process.exitCode = code;
    },
    (err: Error) => {
      const hint = err instanceof UsageError ? ' (forcelab --help for usage)' : '';
      console.error(`forcelab: ${err.message.split('\n')[0]}${hint}`);
      process.exitCode = 1;
    },
  );
}
