// The native menu: open a file (dialog) or a sample, pause/resume and reheat the layout, the usual view items.
import { dialog, Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import { SAMPLES } from '../core/graph/samples.js';
import type { Session } from '../core/session/session.js';

const GRAPH_FILTERS = [
  { name: 'Graphs', extensions: ['gexf', 'graphml', 'csv', 'tsv', 'txt', 'edges', 'mtx', 'json', 'gz'] },
  { name: 'All files', extensions: ['*'] },
];

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
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    {
      label: 'Layout',
      submenu: [
        { label: 'Pause / Resume', accelerator: 'Space', registerAccelerator: false, click: () => session.setPaused(!session.paused) },
        { label: 'Reheat', accelerator: 'CmdOrCtrl+R', click: () => void session.reheat() },
      ],
    },
    {
      label: 'View',
      submenu: [{ role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }, { role: 'togglefullscreen' }],
    },
  ];
  return Menu.buildFromTemplate(template);
}
