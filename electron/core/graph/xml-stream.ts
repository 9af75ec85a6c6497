// The streaming XML underneath the GEXF and GraphML readers: saxes (a maintained, conformant SAX parser) fed
// chunk by chunk, so memory follows the graph, not the file, and every element is seen once (no DOM; deeply
// nested elements cost linear time). Names are taken without their prefix (`<g:gexf>`, `<viz:color>`), and a
// syntax error becomes a GraphFormatError naming the line.
import { SaxesParser } from 'saxes';
import { GraphFormatError } from './graph-types.js';

export interface XmlElement {
  /** The name without its prefix. */
  local: string;
  attrs: Record<string, string>;
  /** 1-based line of the element's start. */
  line: number;
}

export interface XmlHandlers {
  open(el: XmlElement, depth: number): void;
  close(local: string, depth: number): void;
  text?(text: string): void;
}

export function createXmlStream(file: string, handlers: XmlHandlers): { push(text: string): void; end(): void; line(): number } {
  const parser = new SaxesParser({ position: true });
  let depth = 0;
  let first = true;
  let failure: Error | undefined;
  const localOf = (name: string) => {
    const c = name.indexOf(':');
    return c < 0 ? name : name.slice(c + 1);
  };
  parser.on('error', (err) => {
    throw new GraphFormatError(file, `line ${parser.line}`, `malformed XML: ${err.message.replace(/^[^:]*:\d+:\d+: /, '')}`);
  });
  parser.on('opentag', (tag) => {
    depth++;
    handlers.open({ local: localOf(tag.name), attrs: tag.attributes as Record<string, string>, line: parser.line }, depth);
  });
  parser.on('closetag', (tag) => {
    handlers.close(localOf(tag.name), depth);
    depth--;
  });
  if (handlers.text) {
    const onText = handlers.text;
    parser.on('text', (t) => onText(t));
    parser.on('cdata', (t) => onText(t));
  }
  const guarded = (f: () => void) => {
    if (failure) throw failure;
    try {
      f();
    } catch (err) {
      failure = err as Error;
      throw err;
    }
  };
  return {
    push(text) {
      // A UTF-8 byte-order mark before the declaration is allowed (saxes would call it text before the root).
      if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (text === '') return;
      first = false;
      guarded(() => parser.write(text));
    },
    end() {
      guarded(() => parser.close());
    },
    line: () => parser.line,
  };
}

/** Values typed as the file declares them (GEXF and GraphML both name xsd-like types). */
export function typedValue(raw: string, type: string | undefined): unknown {
  switch (type === undefined ? 'string' : type.toLowerCase()) {
    case 'integer':
    case 'int':
    case 'long':
    case 'short':
    case 'byte':
    case 'float':
    case 'double':
    case 'number': {
      const t = raw.trim();
      const v = Number(t);
      return t !== '' && Number.isFinite(v) ? v : raw;
    }
    case 'boolean': {
      const t = raw.trim();
      return t === 'true' || t === '1' ? true : t === 'false' || t === '0' ? false : raw;
    }
    default:
      return raw;
  }
}
