// What a person types to add an MCP server, as the host's server definition.
import { mcpServerSpecSchema, type McpServerSpec } from '../../../protocol/messages.js';

/** "https://host/mcp" is Streamable HTTP; anything else is a command line, split like a shell would (quotes kept
 *  together, no expansion). Checked with the host's schema. */
export function parseServerSpec(name: string, target: string): McpServerSpec {
  const n = name.trim();
  const t = target.trim();
  if (!n) throw new Error('an MCP server needs a name');
  if (!t) throw new Error(`MCP server ${n}: give a command or an http(s) URL`);
  if (/^https?:\/\//i.test(t)) return checked({ transport: 'http', name: n, url: t });
  const words = splitCommandLine(t);
  return checked({ transport: 'stdio', name: n, command: words[0], args: words.slice(1) });
}

export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let quote: '"' | "'" | null = null;
  let started = false;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = null;
      else word += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      started = true;
    } else if (/\s/.test(ch)) {
      if (started) words.push(word);
      word = '';
      started = false;
    } else {
      word += ch;
      started = true;
    }
  }
  if (quote) throw new Error(`unclosed ${quote} in the command line`);
  if (started) words.push(word);
  return words;
}

/** The host's own check, here too, so a bad name is said before anything is sent. */
function checked(spec: McpServerSpec): McpServerSpec {
  const r = mcpServerSpecSchema.safeParse(spec);
  if (!r.success) throw new Error(`MCP server ${spec.name}: ${r.error.issues.map((i) => i.message).join('; ')}`);
  return r.data;
}
