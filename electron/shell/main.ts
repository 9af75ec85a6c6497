// The Electron shell: one sandboxed window drawing what the shared core (Session) computes. The renderer gets a
// MessagePort through the preload on every (re)load; over it flow the same messages as over the browser
// host's WebSocket.
import { app, BrowserWindow, dialog, Menu, MessageChannelMain } from 'electron';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Disposable } from '../core/lifecycle.js';
import { MEMORY_FILE_NAME } from '../core/mcp/memory-server.js';
import { createSession } from '../core/session/create-session.js';
import type { Session } from '../core/session/session.js';
import { buildAppMenu } from './app-menu.js';
import { graphFileArg } from './command-line.js';
import { MessagePortTransport } from './message-port-transport.js';

const here = dirname(fileURLToPath(import.meta.url));
const rendererIndex = join(here, '..', '..', 'renderer', 'index.html'); // dist/renderer/index.html
const preload = join(here, 'preload.cjs');
const icon = join(here, '..', '..', '..', 'assets', 'icons', 'icon.png'); // the window icon on Linux and Windows

let session: Session | undefined;
let window: BrowserWindow | undefined;
let client: { attachment: Disposable; transport: MessagePortTransport } | undefined;

/** Detaches the current renderer's channel and closes our end of it. */
function dropClient(): void {
  if (!client) return;
  void client.attachment.dispose();
  client.transport.close();
  client = undefined;
}
let quitting = false;


function createWindow(core: Session): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'ForceLab',
    backgroundColor: '#0b0e14',
    icon,
    webPreferences: {
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      preload,
      additionalArguments: [`--forcelab-version=${app.getVersion()}`],
    },
  });
  // The window shows our renderer only: no navigation away, no pop-ups.
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  // Each load (and reload) gets a fresh channel; the previous renderer's client is detached.
  win.webContents.on('did-finish-load', () => {
    dropClient();
    const { port1, port2 } = new MessageChannelMain();
    const transport = new MessagePortTransport(port1);
    client = { attachment: core.addClient(transport), transport };
    win.webContents.postMessage('forcelab:port', null, [port2]);
  });
  win.on('closed', () => {
    dropClient();
    if (window === win) window = undefined;
  });
  if (existsSync(rendererIndex)) void win.loadFile(rendererIndex);
  else void win.loadURL(`data:text/html,${encodeURIComponent(`<h1>ForceLab</h1><p>The renderer is not built (${rendererIndex} is missing). Run "npm run build".</p>`)}`);
  return win;
}

async function start(): Promise<void> {
  await app.whenReady();
  try {
    const graphFile = graphFileArg(process.argv, { packaged: app.isPackaged, appPath: app.getAppPath(), cwd: process.cwd() });
    const userData = app.getPath('userData');
    session = await createSession({
      graphFile,
      onError: (m) => console.error(m),
      // The built-in MCP source's knowledge graph and the added servers live with the person's other app data.
      mcp: { memoryFile: join(userData, 'mcp', MEMORY_FILE_NAME), settingsFile: join(userData, 'settings.json') },
    });
  } catch (err) {
    dialog.showErrorBox('ForceLab could not start', (err as Error).message);
    app.exit(1);
    return;
  }
  const core = session;
  Menu.setApplicationMenu(buildAppMenu(core, () => window));
  window = createWindow(core);
  app.on('activate', () => {
    if (!window) window = createWindow(core);
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

// One shutdown path: dispose the core (loop, tasks, engine) before the process goes.
app.on('before-quit', (e) => {
  if (quitting || !session) return;
  e.preventDefault();
  quitting = true;
  session.dispose().finally(() => app.quit());
});

void start();
