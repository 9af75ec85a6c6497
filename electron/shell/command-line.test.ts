// The argv shapes Electron really hands the shell, and the graph file each one names.
import { describe, expect, it } from 'vitest';
import { graphFileArg, userArguments } from './command-line.js';

const repo = '/home/me/forcelab';
const dev = { packaged: false, appPath: repo, cwd: repo };
const graph = '/data/les-miserables.gexf';

describe('graphFileArg', () => {
  it('packaged app: everything after the executable is the user\'s', () => {
    const launch = { packaged: true, appPath: '/opt/ForceLab/resources/app.asar', cwd: '/home/me' };
    expect(graphFileArg(['/opt/ForceLab/forcelab', graph], launch)).toBe(graph);
    expect(graphFileArg(['/opt/ForceLab/forcelab', '--no-sandbox', graph], launch)).toBe(graph);
    expect(graphFileArg(['/opt/ForceLab/forcelab'], launch)).toBeUndefined();
  });

  it('`electron .` skips the app folder', () => {
    expect(graphFileArg(['/repo/node_modules/electron/dist/electron', '.'], dev)).toBeUndefined();
    expect(graphFileArg(['/repo/node_modules/electron/dist/electron', '.', 'graph.csv'], dev)).toBe('graph.csv');
  });

  it('`electron dist/electron/shell/main.js file` skips the main script', () => {
    const launch = { ...dev, appPath: `${repo}/dist/electron/shell` };
    expect(graphFileArg(['electron', 'dist/electron/shell/main.js', graph], launch)).toBe(graph);
    expect(graphFileArg(['electron', 'dist/electron/shell/main.js'], launch)).toBeUndefined();
  });

  it("Playwright's _electron: --inspect=0 --remote-debugging-port=0 come first, then the app folder", () => {
    const argv = ['/repo/node_modules/electron/dist/electron', '--inspect=0', '--remote-debugging-port=0', repo, graph];
    expect(graphFileArg(argv, dev)).toBe(graph);
    expect(graphFileArg(['electron', '--inspect=0', '--remote-debugging-port=0', repo], dev)).toBeUndefined();
  });

  it('macOS Finder adds -psn_ (a process serial number), which is no file', () => {
    const launch = { packaged: true, appPath: '/Applications/ForceLab.app/Contents/Resources/app.asar', cwd: '/' };
    expect(graphFileArg(['/Applications/ForceLab.app/Contents/MacOS/ForceLab', '-psn_0_1234567'], launch)).toBeUndefined();
    expect(graphFileArg(['/Applications/ForceLab.app/Contents/MacOS/ForceLab', '-psn_0_1234567', graph], launch)).toBe(graph);
  });

  it('a switch that takes the next argument as its value does not leave that value behind', () => {
    expect(userArguments(['electron', '-r', 'preload-hook.js', '.', graph], dev)).toEqual([graph]);
  });

  it('the app folder named again is not a graph; `--` ends the switches', () => {
    expect(userArguments(['electron', '.', repo, graph], dev)).toEqual([graph]);
    expect(userArguments(['electron', '.', '--', '-odd-name.csv'], dev)).toEqual(['-odd-name.csv']);
  });
});
