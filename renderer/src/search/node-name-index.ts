// Node names for the inspector and search: the label a source gave a node (GEXF/GraphML/JSON), else its id.
// Built once per graph. Every node's lowercased label and id go into one string, so a query is a run of native
// indexOf calls over a few megabytes instead of 300k per-name comparisons.

/** One search result. */
export interface NameMatch {
  node: number;
  /** What to show: the label, else the id. */
  name: string;
  /** The id when it differs from the name shown, so two nodes with one label can be told apart. */
  id?: string;
}

export interface NameSearchResult {
  /** Exact matches first, then names starting with the query, then the rest; node order within each. */
  matches: NameMatch[];
  /** How many nodes match in all (matches holds at most the limit). */
  total: number;
}

/** Between a node's label and its id, and between nodes: a query never matches across them. */
const FIELD = '\u0001';
const RECORD = '\u0000';
/** Characters a person cannot mean to search for: they would match the separators. */
const CONTROL = /[\u0000-\u001f]/g;

export const DEFAULT_RESULT_LIMIT = 50;

export class NodeNameIndex {
  readonly graphId: number;
  readonly nodeCount: number;
  private readonly ids: string[];
  private readonly labels: ReadonlyArray<string | null> | null;
  /** lower(label) FIELD lower(id) RECORD, for every node. */
  private readonly haystack: string;
  /** Where each node's record starts in the haystack; one extra entry at the end. */
  private readonly starts: Uint32Array;
  /** Length of each node's lowercased label (0 when it has none). */
  private readonly labelLengths: Uint32Array;
  /** id -> node, built on first use (only id lookups need it). */
  private byId: Map<string, number> | undefined;

  constructor(graphId: number, ids: string[], labels?: ReadonlyArray<string | null> | null) {
    if (labels && labels.length !== ids.length) {
      throw new Error(`node names for graph ${graphId}: ${labels.length} labels for ${ids.length} ids`);
    }
    this.graphId = graphId;
    this.nodeCount = ids.length;
    this.ids = ids;
    this.labels = labels ?? null;
    const n = ids.length;
    this.starts = new Uint32Array(n + 1);
    this.labelLengths = new Uint32Array(n);
    const parts: string[] = new Array(n);
    let offset = 0;
    for (let i = 0; i < n; i++) {
      // Lowercased one name at a time: lowercasing can change a string's length ('İ'), so offsets come
      // from the lowercased pieces themselves. Control characters are stripped so they cannot fake a separator.
      const label = (labels?.[i] ?? '').toLowerCase().replace(CONTROL, '');
      const id = ids[i].toLowerCase().replace(CONTROL, '');
      const part = label + FIELD + id + RECORD;
      parts[i] = part;
      this.starts[i] = offset;
      this.labelLengths[i] = label.length;
      offset += part.length;
    }
    this.starts[n] = offset;
    this.haystack = parts.join('');
  }

  /** The label the source gave the node, else its id. */
  nameOf(node: number): string {
    return this.labels?.[node] ?? this.ids[node];
  }

  idOf(node: number): string {
    return this.ids[node];
  }

  /** The node with this id, or undefined (e.g. an MCP source's search answers with entity names). */
  nodeOfId(id: string): number | undefined {
    this.byId ??= new Map(this.ids.map((x, i) => [x, i]));
    return this.byId.get(id);
  }

  /** Results for nodes found elsewhere (by id), in the order given; ids not in this graph are left out. */
  describeIds(ids: readonly string[], limit = DEFAULT_RESULT_LIMIT): NameSearchResult {
    const nodes = ids.map((id) => this.nodeOfId(id)).filter((n): n is number => n !== undefined);
    return { matches: nodes.slice(0, limit).map((node) => this.describe(node)), total: nodes.length };
  }

  /** The label the source gave the node, or null (graph deltas rebuild the index from these). */
  labelOf(node: number): string | null {
    return this.labels?.[node] ?? null;
  }

  /** Case-insensitive substring search over labels and ids. An empty query matches nothing. */
  search(query: string, limit = DEFAULT_RESULT_LIMIT): NameSearchResult {
    const q = query.trim().toLowerCase().replace(CONTROL, '');
    if (!q) return { matches: [], total: 0 };
    const exact: number[] = [];
    const prefix: number[] = [];
    const inner: number[] = [];
    let total = 0;
    let from = 0;
    for (;;) {
      const at = this.haystack.indexOf(q, from);
      if (at < 0) break;
      const node = this.nodeAt(at);
      total++;
      // Better matches can come late in node order, so each kind keeps its own first `limit`.
      const bucket = [exact, prefix, inner][this.matchKind(node, q)];
      if (bucket.length < limit) bucket.push(node);
      from = this.starts[node + 1]; // each node counts once
    }
    const ordered = [...exact, ...prefix, ...inner].slice(0, limit);
    return { matches: ordered.map((node) => this.describe(node)), total };
  }

  private describe(node: number): NameMatch {
    const name = this.nameOf(node);
    const id = this.ids[node];
    return id === name ? { node, name } : { node, name, id };
  }

  /** 0: label or id equals the query; 1: one starts with it; 2: it is inside. */
  private matchKind(node: number, q: string): 0 | 1 | 2 {
    const start = this.starts[node];
    const labelLength = this.labelLengths[node];
    const idStart = start + labelLength + 1;
    const idLength = this.starts[node + 1] - 1 - idStart;
    const h = this.haystack;
    if ((labelLength === q.length && h.startsWith(q, start)) || (idLength === q.length && h.startsWith(q, idStart))) return 0;
    if ((labelLength > 0 && h.startsWith(q, start)) || h.startsWith(q, idStart)) return 1;
    return 2;
  }

  /** The node whose record holds a haystack offset (binary search over the record starts). */
  private nodeAt(offset: number): number {
    let lo = 0;
    let hi = this.nodeCount - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
