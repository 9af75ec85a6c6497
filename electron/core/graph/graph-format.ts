// Which parser a file needs: by extension (after a .gz), else by its first bytes.
export type GraphFormat = 'edgelist' | 'mtx' | 'json' | 'gexf' | 'graphml' | 'gml' | 'gdf' | 'pajek' | 'dot';

const BY_EXTENSION: Record<string, GraphFormat> = {
  csv: 'edgelist', tsv: 'edgelist', txt: 'edgelist', edges: 'edgelist', edgelist: 'edgelist', el: 'edgelist', snap: 'edgelist',
  mtx: 'mtx', mm: 'mtx',
  json: 'json',
  gexf: 'gexf',
  graphml: 'graphml',
  gml: 'gml',
  gdf: 'gdf',
  net: 'pajek', paj: 'pajek', pajek: 'pajek',
  dot: 'dot', gv: 'dot',
};

export function isGzipName(name: string): boolean {
  return /\.gz$/i.test(name);
}

/** Format from the name when it is telling, else from the head of the content. */
export function detectGraphFormat(name: string, head: string): GraphFormat {
  const base = name.replace(/\.gz$/i, '');
  const ext = /\.([A-Za-z0-9]+)$/.exec(base)?.[1]?.toLowerCase();
  if (ext && BY_EXTENSION[ext]) return BY_EXTENSION[ext];
  const start = head.replace(/^\uFEFF/, '').trimStart();
  if (/^%%MatrixMarket/i.test(start)) return 'mtx';
  if (start.startsWith('{')) return 'json';
  if (start.startsWith('<')) return /<(\w+:)?gexf[\s>]/.test(head) ? 'gexf' : 'graphml';
  if (/^nodedef\s*>/i.test(start)) return 'gdf';
  if (/^(%[^\n]*\n\s*)*\*(vertices|network)\b/i.test(start)) return 'pajek';
  if (/^(\/\*[\s\S]*?\*\/\s*|\/\/[^\n]*\n\s*)*(strict\s+)?(di)?graph\s*("[^"]*"\s*|[\w.]+\s*)?\{/i.test(start)) return 'dot';
  if (/^(#[^\n]*\n\s*)*(\w+\s+("[^"]*"|\S+)\s+)*graph\s*\[/.test(start)) return 'gml';
  return 'edgelist';
}

/** JSON is read whole (JSON.parse of one string); every other format streams. */
export const isWholeTextFormat = (f: GraphFormat): f is 'json' => f === 'json';
