// The one error the pool throws for a server's failure, with what went wrong as `kind` so callers (the session,
// the window) can tell a timeout from a dead server without parsing the message. The message always names the server.

export type McpErrorKind =
  /** The server could not be started or did not answer `initialize`. */
  | 'start'
  /** No session became ready within acquireTimeoutMs. */
  | 'acquire'
  /** The request ran past its timeout. */
  | 'timeout'
  /** The connection (the server process) went away while the request was pending. */
  | 'closed'
  /** The server answered with an error, or the answer was not what was expected. */
  | 'call'
  /** The name is not a configured server, or the pool was disposed. */
  | 'config';

export class McpPoolError extends Error {
  constructor(
    readonly kind: McpErrorKind,
    readonly server: string,
    message: string,
    readonly detail: { tool?: string; stderrTail?: string; cause?: unknown } = {},
  ) {
    super(message, detail.cause === undefined ? undefined : { cause: detail.cause });
    this.name = 'McpPoolError';
  }
}
