// What the pool connects to: a local server it starts (stdio) or a remote one (Streamable HTTP). Definitions come
// from settings files and the CLI, so they are validated here with messages that name the field.
import { z } from 'zod';

const serverName = z
  .string({ error: 'server name must be a string' })
  .min(1, { error: 'server name must not be empty' })
  .max(128)
  .regex(/^[A-Za-z0-9._-]+$/, { error: 'server name may hold only letters, digits, ".", "_" and "-"' });

export const stdioServerSchema = z.strictObject({
  name: serverName,
  transport: z.literal('stdio').optional(),
  command: z.string().min(1, { error: 'command must not be empty' }),
  args: z.array(z.string()).default([]),
  /** Added to the SDK's safe default environment (HOME, PATH, ...), not the whole parent environment. */
  env: z.record(z.string(), z.string()).default({}),
  cwd: z.string().optional(),
});

export const httpServerSchema = z.strictObject({
  name: serverName,
  transport: z.literal('http').optional(),
  url: z.url({ error: 'url must be an http(s) URL', protocol: /^https?$/ }),
  headers: z.record(z.string(), z.string()).default({}),
});

/** A stdio definition has `command`, an HTTP one `url`; `transport` may say which explicitly. */
export const serverDefinitionSchema = z.union([stdioServerSchema, httpServerSchema], {
  error: 'a server needs either { name, command, args?, env?, cwd? } (stdio) or { name, url, headers? } (Streamable HTTP)',
});

export const serverListSchema = z.array(serverDefinitionSchema).superRefine((list, ctx) => {
  const seen = new Set<string>();
  for (const [i, s] of list.entries()) {
    if (seen.has(s.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `server name "${s.name}" is used twice` });
    seen.add(s.name);
  }
});

export type StdioServerDefinition = z.output<typeof stdioServerSchema>;
export type HttpServerDefinition = z.output<typeof httpServerSchema>;
export type ServerDefinition = StdioServerDefinition | HttpServerDefinition;
export type ServerDefinitionInput = z.input<typeof serverDefinitionSchema>;

export const isStdioServer = (d: ServerDefinition): d is StdioServerDefinition => 'command' in d;

/** Validates one definition; the error names the server (when it has a name) and the field. */
export function parseServerDefinition(input: unknown, where = 'MCP server definition'): ServerDefinition {
  const r = serverDefinitionSchema.safeParse(input);
  if (r.success) return r.data;
  const name = typeof (input as { name?: unknown } | null)?.name === 'string' ? ` "${(input as { name: string }).name}"` : '';
  throw new Error(`${where}${name}: ${describeIssues(r.error)}`);
}

export function parseServerList(input: unknown, where = 'MCP servers'): ServerDefinition[] {
  const r = serverListSchema.safeParse(input);
  if (r.success) return r.data;
  throw new Error(`${where}: ${describeIssues(r.error)}`);
}

/** A one-line summary a person can act on: `url: must be an http(s) URL; args.0: expected string`. */
export function describeIssues(err: z.ZodError): string {
  return err.issues
    .slice(0, 4)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

/** How the pool names the server's program in errors: `node /path/index.js` or the URL. */
export function describeServer(d: ServerDefinition): string {
  return isStdioServer(d) ? [d.command, ...d.args].join(' ') : d.url;
}
