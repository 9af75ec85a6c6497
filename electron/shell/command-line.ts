// Which graph file the Electron app was asked to open. process.argv holds more than the user's arguments:
// the executable, in development the app path (`.`, a folder or the main script), Chromium and Node switches
// (Playwright puts `--inspect=0 --remote-debugging-port=0` before everything), and on macOS a `-psn_…` process
// serial number from Finder. Only what is left is the user's.
import { resolve } from 'node:path';

export interface ShellLaunch {
  /** app.isPackaged: the executable is the app, no app path follows it. */
  packaged: boolean;
  /** app.getAppPath(): the app folder (or main script's folder) in development. */
  appPath: string;
  /** The folder relative arguments resolve against. */
  cwd: string;
}

/** Switches that take their value as the next argument (Electron's own CLI); Chromium and Node use `--k=v`. */
const SWITCHES_WITH_VALUE = new Set(['-r', '--require']);

/** The user's arguments: argv without the executable, the app path and every switch (and its value). */
export function userArguments(argv: readonly string[], launch: ShellLaunch): string[] {
  const out: string[] = [];
  let appPathSkipped = launch.packaged; // a packaged app has no app path argument
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      out.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('-')) {
      if (SWITCHES_WITH_VALUE.has(a)) i++;
      continue; // includes macOS's -psn_0_12345
    }
    if (!appPathSkipped) {
      appPathSkipped = true; // `electron <app> …`: the first positional is the app itself
      continue;
    }
    if (isTheApp(a, launch)) continue; // e.g. `electron . .` or the app folder named twice
    out.push(a);
  }
  return out;
}

/** The graph file named on the command line, if any (the first of the user's arguments). */
export function graphFileArg(argv: readonly string[], launch: ShellLaunch): string | undefined {
  return userArguments(argv, launch)[0];
}

function isTheApp(arg: string, launch: ShellLaunch): boolean {
  return arg === '.' || resolve(launch.cwd, arg) === resolve(launch.cwd, launch.appPath);
}
