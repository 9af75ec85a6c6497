// The window: sources and parameters on the left, the graph in the middle, switches, memory and
// tasks on the right, search and the inspector above them.
import { ConnectionNotice } from './panels/ConnectionNotice.js';
import { ErrorBanner } from './panels/ErrorBanner.js';
import { InspectorPanel } from './panels/InspectorPanel.js';
import { MemoryPanel } from './panels/MemoryPanel.js';
import { NodeTooltip } from './panels/NodeTooltip.js';
import { ParamsPanel } from './panels/ParamsPanel.js';
import { SearchPanel } from './panels/SearchPanel.js';
import { SourcesPanel } from './panels/SourcesPanel.js';
import { StatsLine } from './panels/StatsLine.js';
import { SwitchesPanel } from './panels/SwitchesPanel.js';
import { TasksPanel } from './panels/TasksPanel.js';
import { Toolbar } from './panels/Toolbar.js';
import { ViewPanel } from './panels/ViewPanel.js';
import { ExportPanel } from './panels/ExportPanel.js';
import { GraphView } from './scene/GraphView.js';

export function App() {
  return (
    <div className="app">
      <aside className="sidebar left">
        <header className="brand">
          Force<span>Lab</span>
        </header>
        <SourcesPanel />
        <ParamsPanel />
        <ViewPanel />
        <ExportPanel />
      </aside>
      <main className="stage">
        <GraphView />
        <NodeTooltip />
        <ErrorBanner />
        <ConnectionNotice />
        <Toolbar />
        <StatsLine />
      </main>
      <aside className="sidebar right">
        <SearchPanel />
        <InspectorPanel />
        <SwitchesPanel />
        <MemoryPanel />
        <TasksPanel />
      </aside>
    </div>
  );
}
