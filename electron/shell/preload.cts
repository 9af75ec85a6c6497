// Sandboxed preload: the renderer's only bridge. It exposes which host it runs in and forwards the one
// MessagePort main hands over; everything else travels over that port (see protocol/).
import { contextBridge, ipcRenderer } from 'electron';

const versionArg = process.argv.find((a) => a.startsWith('--forcelab-version='));

contextBridge.exposeInMainWorld('forcelab', {
  host: 'electron',
  version: versionArg ? versionArg.slice('--forcelab-version='.length) : 'unknown',
});

// The main tsconfig has no DOM types; this is the one DOM call the preload makes.
const page = globalThis as unknown as { postMessage(message: unknown, targetOrigin: string, transfer?: unknown[]): void };

// Ports cannot cross contextBridge; window.postMessage transfers them into the page's world.
ipcRenderer.on('forcelab:port', (event) => {
  page.postMessage('forcelab:port', '*', event.ports);
});
