// A window stand-in in its own process, so its work is not counted in the host's event loop: connects to the
// browser host's WebSocket, acknowledges every frame as it arrives and prints each stats message as one JSON
// line on stdout. Usage: node bench/ack-client.mjs <ws-url> <protocol-version>
import { WebSocket } from 'ws';

const FRAME_MAGIC = 0x31464c46; // protocol/frame.ts
const [url, protocol] = process.argv.slice(2);
const ws = new WebSocket(url);
ws.binaryType = 'arraybuffer';
ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', protocol: Number(protocol) })));
ws.on('message', (/** @type {any} */ data, /** @type {boolean} */ isBinary) => {
  if (isBinary) {
    const view = new DataView(data);
    if (data.byteLength >= 12 && view.getUint32(0, true) === FRAME_MAGIC) ws.send(JSON.stringify({ type: 'ack', seq: view.getUint32(8, true) }));
    return;
  }
  const msg = JSON.parse(data.toString());
  if (msg.type === 'stats') process.stdout.write(`${JSON.stringify({ figures: msg.figures, engine: msg.engine })}\n`);
});
ws.on('close', () => process.exit(0));
ws.on('error', (err) => {
  process.stderr.write(`ack client: ${err.message}\n`);
  process.exit(1);
});
