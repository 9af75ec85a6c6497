// When a client breaks the WebSocket protocol (a message over the host's size limit, invalid UTF-8 in a text
// message, a malformed frame), `ws` closes the connection with the right code but no reason, and the client is
// left guessing what it did. This subclass gives those closes a reason a person can act on; every other close
// (ours) already passes one.
import WebSocket from 'ws';

/** The close codes `ws` uses for what a peer sent (RFC 6455 §7.4.1), and what each means for our client. */
export function protocolErrorReason(code: number, maxMessageBytes: number): string | undefined {
  switch (code) {
    case 1009:
      return `message too big: the host takes at most ${maxMessageBytes} bytes in one message`;
    case 1007:
      return 'invalid UTF-8 in a text message: control messages are JSON text';
    case 1002:
      return 'malformed WebSocket frame';
    default:
      return undefined;
  }
}

/** A WebSocket class for WebSocketServer's `WebSocket` option: library-initiated closes carry a reason. */
export function webSocketWithCloseReasons(maxMessageBytes: number): typeof WebSocket {
  return class HostWebSocket extends WebSocket {
    override close(code?: number, data?: string | Buffer): void {
      const reason = data === undefined && code !== undefined ? protocolErrorReason(code, maxMessageBytes) : undefined;
      super.close(code, reason ?? data);
    }
  };
}
