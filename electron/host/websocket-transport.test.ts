// The backpressure the FrameStreamer reads, on a real `ws` connection over loopback: `congested` turns on when
// a client stops reading and more than the frame budget is unsent, and the drain handlers run once it has read.
import { once } from 'node:events';
import type { AddressInfo, Socket } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { FRAME_BUDGET_BYTES } from '../core/transport/send-budget.js';
import { FRAGMENT_BYTES, WebSocketTransport } from './websocket-transport.js';

const cleanup: Array<() => void> = [];
afterEach(() => cleanup.splice(0).forEach((f) => f()));

async function pair(): Promise<{ transport: WebSocketTransport; client: WebSocket; clientSocket: Socket }> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await once(wss, 'listening');
  const accepted = once(wss, 'connection');
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
  const [socket] = (await accepted) as [WebSocket];
  await once(client, 'open');
  cleanup.push(() => {
    client.terminate();
    socket.terminate();
    wss.close();
  });
  return { transport: new WebSocketTransport(socket), client, clientSocket: (client as unknown as { _socket: Socket })._socket };
}

describe('WebSocketTransport backpressure', () => {
  it('is congested while a client that stopped reading has more than the frame budget unsent, and drains', async () => {
    const { transport, client, clientSocket } = await pair();
    clientSocket.pause();
    let drains = 0;
    transport.onDrain(() => drains++);
    expect(transport.congested).toBe(false);
    const chunk = new ArrayBuffer(1 << 20);
    for (let i = 0; i < 3 * (FRAME_BUDGET_BYTES >> 20); i++) transport.sendBinary(chunk);
    await new Promise((r) => setTimeout(r, 50)); // the kernel takes what it can; the rest stays in the host
    expect(transport.bufferedBytes).toBeGreaterThan(FRAME_BUDGET_BYTES);
    expect(transport.congested).toBe(true);
    expect(drains).toBe(0);

    let received = 0;
    client.on('message', () => received++);
    clientSocket.resume();
    await expect.poll(() => drains, { timeout: 5000 }).toBeGreaterThan(0);
    expect(transport.congested).toBe(false);
    await expect.poll(() => received, { timeout: 5000 }).toBe(3 * (FRAME_BUDGET_BYTES >> 20));
  });
});

describe('WebSocketTransport fragments', () => {
  it('sends a frame bigger than FRAGMENT_BYTES in fragments; it arrives whole, and later messages after it', async () => {
    const { transport, client } = await pair();
    const got: Array<{ binary: boolean; data: Buffer }> = [];
    client.on('message', (data, binary) => got.push({ binary, data: data as Buffer }));
    const frame = new Uint8Array(FRAGMENT_BYTES * 3 + 1234);
    for (let i = 0; i < frame.length; i++) frame[i] = (i * 7) & 0xff;
    transport.sendBinary(frame.buffer);
    transport.send({ type: 'error', message: 'after the frame' });
    // Queued in the host, not yet handed to the socket: counted as buffered, so backpressure still sees it.
    expect(transport.bufferedBytes).toBeGreaterThanOrEqual(frame.byteLength);
    await expect.poll(() => got.length, { timeout: 5000 }).toBe(2);
    expect(got[0].binary).toBe(true);
    expect(Buffer.compare(got[0].data, Buffer.from(frame))).toBe(0);
    expect(got[1].binary).toBe(false);
    expect(JSON.parse(got[1].data.toString())).toMatchObject({ message: 'after the frame' });
    expect(transport.bufferedBytes).toBe(0);
  });

  it('drops what is queued when the client goes away, and sends a small frame at once', async () => {
    const { transport, client } = await pair();
    transport.sendBinary(new ArrayBuffer(FRAGMENT_BYTES * 4));
    transport.close();
    expect(transport.bufferedBytes).toBeLessThan(FRAGMENT_BYTES * 4);
    await once(client, 'close');
    const second = await pair();
    const arrived = once(second.client, 'message');
    second.transport.sendBinary(new ArrayBuffer(16));
    expect(second.transport.bufferedBytes).toBeLessThanOrEqual(16 + 8);
    const [data] = (await arrived) as [Buffer];
    expect(data.byteLength).toBe(16);
  });
});
