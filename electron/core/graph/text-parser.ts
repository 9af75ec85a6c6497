// Every graph format is read as a stream of text: push() takes each decoded chunk as it arrives from disk (or a
// slice of an upload), finish() checks the end and builds the graph. Memory follows the graph, not the file.
import { LineSplitter } from './file-reader.js';
import type { LoadedGraph } from './graph-types.js';
import type { LineParser } from './line-parser.js';

export interface TextParser {
  push(text: string): void;
  finish(): LoadedGraph;
}

/** A line-oriented format (edge lists, MatrixMarket, Pajek, GDF) as a TextParser. */
export function lineTextParser(parser: LineParser): TextParser {
  const splitter = new LineSplitter((line, n) => parser.line(line, n));
  return {
    push: (text) => splitter.push(text),
    finish: () => {
      splitter.end();
      return parser.finish();
    },
  };
}
