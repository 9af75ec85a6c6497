// The native menu: open a file (dialog) or a sample, export the graph (save dialog), pause/resume, reheat and run
// the layout to convergence, the usual view items.
import { dialog, Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import { EXPORT_FORMAT_IDS, EXPORT_FORMATS, exportFileName } from '../../protocol/export-formats.js';
import { SAMPLES } from '../core/graph/samples.js';
import type { Session } from '../core/session/session.js';

const GRAPH_FILTERS = [
  { name: 'Graphs', extensions: ['gexf', 'graphml', 'csv', 'tsv', 'txt', 'edges', 'mtx', 'json', 'gz'] },
  { name: 'All files', extensions: ['*'] },
];

// One filter per format, so the dialog offers them by name; the chosen file's extension picks the writer.
const EXPORT_FILTERS = EXPORT_FORMAT_IDS.map((f) => ({ name: EXPORT_FORMATS[f].title, extensions: [EXPORT_FORMATS[f].extension] }));

/** A menu action that cannot start (no graph, a run already going): said in a box, the graph stays as it is. */
function refuse(title: string, err: unknown): void {
  dialog.showErrorBox(title, (err as Error)?.message ?? String(err));
}

export function buildAppMenu(session: Session, window: () => BrowserWindow | undefined): Menu {
  const template: MenuItemConstructorOptions[] = [
    {
      label: 'File',
      submenu: [
        {
          label: 'Open…',
          accelerator: 'CmdOrCtrl+O',
          click: async () => {
            const win = window();
            const options = { title: 'Open graph', properties: ['openFile' as const], filters: GRAPH_FILTERS };
            const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
            if (!result.canceled && result.filePaths[0]) void session.openFile(result.filePaths[0]);
          },
        },
        {
          label: 'Open Sample',
          submenu: SAMPLES.map((s) => ({ label: s.title, click: () => void session.openSample(s.name) })),
        },
        {
          label: 'Export…',
          accelerator: 'CmdOrCtrl+E',
          click: async () => {
            const graph = session.store.info();
            if (!graph) return refuse('Export', new Error('export: no graph is open'));
            const win = window();
            const options = { title: 'Export graph', defaultPath: exportFileName(graph.name, 'gexf'), filters: EXPORT_FILTERS };
            const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
            if (result.canceled || !result.filePath) return;
            try {
              // Progress and the outcome show in the Tasks panel (a failure also as the window's banner).
              session.exportToFile(result.filePath).result.catch(() => {});
            } catch (err) {
              refuse('Export', err);
            }
          },
        },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    {
      label: 'Layout',
      submenu: [
        { label: 'Pause / Resume', accelerator: 'Space', registerAccelerator: false, click: () => session.setPaused(!session.paused) },
        { label: 'Reheat', accelerator: 'CmdOrCtrl+R', click: () => void session.reheat() },
        {
          label: 'Run to Convergence',
          accelerator: 'CmdOrCtrl+Shift+R',
          click: () => {
            try {
              session.runToConvergence().result.catch(() => {}); // its end is the task's state in the window
            } catch (err) {
              refuse('Run to convergence', err);
            }
          },
        },
      ],
    },
    {
      label: 'View',
      submenu: [{ role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }, { role: 'togglefullscreen' }],
    },
  ];
  return Menu.buildFromTemplate(template);
}
