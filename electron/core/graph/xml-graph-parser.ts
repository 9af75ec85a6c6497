// GEXF and GraphML through graphology's parsers, fed a Document from @xmldom/xmldom so that malformed XML
// and dangling edges are reported with their line numbers (graphology alone would only say "not found").
import { createRequire } from 'node:module';
import { DOMParser, type Document as XmlDocument, type Element as XmlElement } from '@xmldom/xmldom';
import { MultiGraph } from 'graphology';
import { checkedWeight } from './edge-weight.js';
import { GraphBuilder } from './graph-builder.js';
import { GraphFormatError, type LoadedGraph } from './graph-types.js';

// The parser factories take the DOM implementation; the package entry points would bind their own nested
// xmldom copy, whose Document class differs from ours.
const require = createRequire(import.meta.url);
type ParseFn = (graph: unknown, source: unknown, options?: Record<string, unknown>) => MultiGraph;
type ParserFactory = (domParser: unknown, document: unknown) => ParseFn;
const XmlDocumentClass = new DOMParser().parseFromString('<t/>', 'application/xml').constructor;
const parsers: Record<'gexf' | 'graphml', ParseFn> = {
  gexf: (require('graphology-gexf/common/parser.js') as ParserFactory)(DOMParser, XmlDocumentClass),
  graphml: (require('graphology-graphml/common/parser.js') as ParserFactory)(DOMParser, XmlDocumentClass),
};

export function parseXmlGraph(
  file: string,
  text: string,
  format: 'gexf' | 'graphml',
  meta: { name: string; source: string },
): LoadedGraph {
  const doc = parseXml(file, text);
  const root = doc.documentElement;
  const rootName = root?.localName ?? root?.nodeName;
  if (rootName !== format) throw new GraphFormatError(file, `line ${root?.lineNumber ?? 1}`, `expected a <${format}> document, found <${rootName}>`);
  checkReferences(file, doc);

  let g: MultiGraph;
  try {
    g = parsers[format](MultiGraph, doc, { addMissingNodes: false, allowUndeclaredAttributes: true });
  } catch (err) {
    throw new GraphFormatError(file, format.toUpperCase(), (err as Error).message.replace(/^graphology-\w+\/parser: /, ''));
  }

  const builder = new GraphBuilder();
  g.forEachNode((id, attrs) => {
    const i = builder.node(id);
    if (Object.keys(attrs).length) builder.setAttributes(i, attrs);
  });
  let directed = false;
  g.forEachEdge((_edge, attrs, source, target, _sa, _ta, undirected) => {
    if (!undirected) directed = true;
    const w = attrs.weight === undefined || attrs.weight === null ? undefined : checkedWeight(attrs.weight, file, `<edge source="${source}" target="${target}">`);
    builder.addEdge(builder.node(source), builder.node(target), w);
  });
  return builder.build({ ...meta, directed });
}

function parseXml(file: string, text: string): XmlDocument {
  try {
    return new DOMParser({ onError: () => {} }).parseFromString(text, 'application/xml');
  } catch (err) {
    const e = err as Error & { locator?: { lineNumber?: number; columnNumber?: number } };
    const where = e.locator?.lineNumber ? `line ${e.locator.lineNumber}` : 'XML';
    throw new GraphFormatError(file, where, `malformed XML: ${e.message.split('\n')[0]}`);
  }
}

/** Every <edge> must name declared nodes; reported with the edge's line so a person can fix the file. */
function checkReferences(file: string, doc: XmlDocument): void {
  const ids = new Set<string>();
  const nodes = doc.getElementsByTagName('node');
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i] as XmlElement;
    const id = n.getAttribute('id');
    if (!id) throw new GraphFormatError(file, `line ${n.lineNumber} <node>`, 'has no id attribute');
    ids.add(id);
  }
  const edges = doc.getElementsByTagName('edge');
  for (let i = 0; i < edges.length; i++) {
    const e = edges[i] as XmlElement;
    for (const end of ['source', 'target'] as const) {
      const ref = e.getAttribute(end);
      if (!ref) throw new GraphFormatError(file, `line ${e.lineNumber} <edge>`, `has no ${end} attribute`);
      if (!ids.has(ref)) throw new GraphFormatError(file, `line ${e.lineNumber} <edge>`, `${end} "${ref}" is not a declared <node>`);
    }
  }
}
