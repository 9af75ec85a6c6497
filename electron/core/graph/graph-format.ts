// Which parser a file needs: by extension (after a .gz), else by its first bytes.
export type GraphFormat = 'edgelist' | 'mtx' | 'json' | 'gexf' | 'graphml';

const BY_EXTENSION: Record<string, GraphFormat> = {
  csv: 'edgelist', tsv: 'edgelist', txt: 'edgelist', edges: 'edgelist', edgelist: 'edgelist', el: 'edgelist', snap: 'edgelist',
  mtx: 'mtx', mm: 'mtx',
  json: 'json',
  gexf: 'gexf',
  graphml: 'graphml',
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
  if (start.startsWith('<')) return /<gexf[\s>]/.test(head) ? 'gexf' : 'graphml';
  return 'edgelist';
}

export const isLineFormat = (f: GraphFormat): f is 'edgelist' | 'mtx' => f === 'edgelist' || f === 'mtx';
