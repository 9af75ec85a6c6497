// What the GEXF and GraphML readers share about nodes and edges: a <node> declares its id once (a second one is
// refused at its line), an <edge> may name nodes declared later in the file, and at the end every name an edge
// used must have been declared (the first that was not is named with the edge's line).
import type { GraphBuilder } from './graph-builder.js';
import { GraphFormatError } from './graph-types.js';
import type { XmlElement } from './xml-stream.js';

export class XmlGraphRefs {
  /** Edge ends not declared (yet), by node index, with the first edge that named them. */
  private readonly pending = new Map<number, { line: number; end: string }>();

  constructor(
    private readonly builder: GraphBuilder,
    private readonly file: string,
  ) {}

  /** The attribute, or a GraphFormatError naming the element and what it lacks. */
  need(el: XmlElement, name: string): string {
    const v = el.attrs[name];
    if (v === undefined || v === '') throw new GraphFormatError(this.file, `line ${el.line} <${el.local}>`, `has no ${name} attribute`);
    return v;
  }

  /** A <node>: its index, declared now. */
  declareNode(el: XmlElement): number {
    const id = this.need(el, 'id');
    const index = this.builder.node(id);
    if (!this.builder.declare(index)) throw new GraphFormatError(this.file, `line ${el.line} <${el.local}>`, `duplicate node id "${id}"`);
    if (this.pending.size) this.pending.delete(index);
    return index;
  }

  /** An <edge>: the indices of its source and target. */
  edgeEnds(el: XmlElement): [number, number] {
    const s = this.builder.node(this.need(el, 'source'));
    const t = this.builder.node(this.need(el, 'target'));
    if (!this.builder.isDeclared(s) && !this.pending.has(s)) this.pending.set(s, { line: el.line, end: 'source' });
    if (!this.builder.isDeclared(t) && !this.pending.has(t)) this.pending.set(t, { line: el.line, end: 'target' });
    return [s, t];
  }

  /** At the end of the file: every node an edge named was declared. */
  check(): void {
    for (const [i, ref] of this.pending) throw new GraphFormatError(this.file, `line ${ref.line} <edge>`, `${ref.end} "${this.builder.nodeIds[i]}" is not a declared <node>`);
  }
}
