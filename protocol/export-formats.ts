// The formats a graph is exported in, shared by the window's Export menu, the Electron save dialog and the CLI.
// Positions only (CSV, JSON), the whole graph with positions, community colours and attributes, or (DOT,
// MatrixMarket) plain topology. Every format that is read is also written.

export const EXPORT_FORMATS = {
  csv: { title: 'Positions (CSV: id,x,y,z)', extension: 'csv', mime: 'text/csv' },
  positions: { title: 'Positions (JSON)', extension: 'positions.json', mime: 'application/json' },
  gexf: { title: 'GEXF (Gephi: positions, colours, attributes)', extension: 'gexf', mime: 'application/xml' },
  graphml: { title: 'GraphML (positions, colours, attributes)', extension: 'graphml', mime: 'application/xml' },
  json: { title: 'JSON node-link (positions, colours, attributes)', extension: 'json', mime: 'application/json' },
  gml: { title: 'GML (networkx, igraph: positions, colours, attributes)', extension: 'gml', mime: 'text/plain' },
  gdf: { title: 'GDF (Gephi, GUESS: positions, colours, attributes)', extension: 'gdf', mime: 'text/plain' },
  net: { title: 'Pajek .net (names, positions, weights)', extension: 'net', mime: 'text/plain' },
  edgelist: { title: 'Edge list (CSV: source,target,weight)', extension: 'edges.csv', mime: 'text/csv' },
  dot: { title: 'Graphviz DOT (topology)', extension: 'dot', mime: 'text/vnd.graphviz' },
  mtx: { title: 'MatrixMarket (topology)', extension: 'mtx', mime: 'text/plain' },
} as const;

export type ExportFormat = keyof typeof EXPORT_FORMATS;
export const EXPORT_FORMAT_IDS = Object.keys(EXPORT_FORMATS) as ExportFormat[];

/** The format a file name asks for by its extension (longest match first: x.positions.json is positions). */
export function exportFormatOf(fileName: string): ExportFormat | undefined {
  const lower = fileName.toLowerCase();
  return [...EXPORT_FORMAT_IDS].sort((a, b) => EXPORT_FORMATS[b].extension.length - EXPORT_FORMATS[a].extension.length).find((f) => lower.endsWith(`.${EXPORT_FORMATS[f].extension}`));
}

/** A file name for a graph exported as `format`: the graph's name without its own extension. */
export function exportFileName(graphName: string, format: ExportFormat): string {
  const base = graphName.replace(/\.(gz)$/i, '').replace(/\.[A-Za-z0-9]{1,8}$/, '') || 'graph';
  return `${base}.${EXPORT_FORMATS[format].extension}`;
}
