// The backpressure the FrameStreamer reads, on a real `ws` connection over loopback: `congested` turns on when
// a client stops reading and more than the frame budget is unsent, and the drain handlers run once it has read.
import { once } from 'node:events';
import type { AddressInfo, Socket } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { FRAME_BUDGET_BYTES } from '../core/transport/send-budget.js';
import { WebSocketTransport } from './websocket-transport.js';

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
