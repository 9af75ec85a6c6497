#!/usr/bin/env node
// The `forcelab` command: runs the compiled CLI (npm run build:main produces it).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = fileURLToPath(new URL('../dist/electron/cli/main.js', import.meta.url));
if (!existsSync(cli)) {
  console.error(`forcelab: ${cli} is missing; run "npm run build:main" first`);
  process.exit(1);
}
try {
  const { main } = await import(pathToFileURL(cli).href);
  const code = await main(process.argv.slice(2));
  if (code >= 0) process.exitCode = code;
} catch (err) {
  const hint = err?.name === 'UsageError' ? ' (forcelab --help for usage)' : '';
  console.error(`forcelab: ${String(err?.message ?? err).split('\n')[0]}${hint}`);
  process.exitCode = 1;
}
