// Line-oriented graph formats (edge lists, MatrixMarket) parse one line at a time, so a file streams
// through without ever being held whole in memory.
import type { LoadedGraph } from './graph-types.js';

export interface LineParser {
  /** `lineNo` is 1-based, counted in the (decompressed) file. */
  line(text: string, lineNo: number): void;
  finish(): LoadedGraph;
}
