// Shared by both server transports: text is a JSON control message, validated here; anything malformed is
// answered with an `error` naming the problem and the connection stays open.
import { MessageError, parseClientMessage, type ClientMessage, type ServerMessage } from '../../protocol/messages.js';

export function dispatchClientData(
  data: unknown,
  handlers: Iterable<(m: ClientMessage) => void>,
  reply: (m: ServerMessage) => void,
): void {
  if (typeof data !== 'string') {
    reply({ type: 'error', message: 'bad message: the renderer sends only JSON text messages, got binary data' });
    return;
  }
  let message: ClientMessage;
  try {
    message = parseClientMessage(data);
  } catch (err) {
    reply({ type: 'error', message: err instanceof MessageError ? err.message : `bad message: ${String(err)}` });
    return;
  }
  for (const h of handlers) h(message);
}
