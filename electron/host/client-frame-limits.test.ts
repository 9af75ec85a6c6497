// What a client sends that breaks the WebSocket protocol, against the real browser host (default sample, real
// engine): it is closed with the standard code and a reason naming what was wrong, the host logs it, and goes
// on serving everyone else.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../protocol/messages.js';
import { startBrowserHost, type BrowserHost } from './browser-host.js';

const LIMIT = 64 * 1024;
let host: BrowserHost;
let rendererDir: string;
const logged: string[] = [];

beforeAll(async () => {
  rendererDir = mkdtempSync(join(tmpdir(), 'forcelab-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>ForceLab test page</title>');
  host = await startBrowserHost({ rendererDir, maxMessageBytes: LIMIT, onError: (m) => logged.push(m) });
}, 60_000);

afterAll(async () => {
  await host?.close();
  rmSync(rendererDir, { recursive: true, force: true });
});

async function connect(): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`);
  await new Promise((r, j) => ws.once('open', r).once('error', j));
  return ws;
}

const closeOf = (ws: WebSocket) => new Promise<{ code: number; reason: string }>((r) => ws.once('close', (code, reason) => r({ code, reason: reason.toString() })));

/** The host still answers a well-behaved client with welcome. */
async function hostStillServes(): Promise<void> {
  const ws = await connect();
  const welcome = new Promise<string>((r) => ws.on('message', (d, isBinary) => !isBinary && r(JSON.parse(d.toString()).type)));
  ws.send(JSON.stringify({ type: 'hello', protocol: PROTOCOL_VERSION }));
  expect(await welcome).toBe('welcome');
  ws.close();
}

describe('browser host: frames a client must not send', () => {
  it('a message over the size limit closes the client with 1009 and a reason naming the limit', async () => {
    const ws = await connect();
    const closed = closeOf(ws);
    ws.send(JSON.stringify({ type: 'openFile', name: 'big.csv', text: 'a,b\n'.repeat(LIMIT / 4 + 1) }));
    expect(await closed).toEqual({ code: 1009, reason: `message too big: the host takes at most ${LIMIT} bytes in one message` });
    expect(logged).toContain('closed a client connection: Max payload size exceeded');
    await hostStillServes();
  });

  it('invalid UTF-8 in a text message closes the client with 1007 and says so', async () => {
    const ws = await connect();
    const closed = closeOf(ws);
    ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect(await closed).toEqual({ code: 1007, reason: 'invalid UTF-8 in a text message: control messages are JSON text' });
    expect(logged.some((m) => /^closed a client connection: .*UTF-8/i.test(m))).toBe(true);
    await hostStillServes();
  });

  it('a malformed frame (reserved bits set) closes the client with 1002 and says so', async () => {
    const ws = await connect();
    const closed = closeOf(ws);
    // FIN + RSV2 + RSV3 + text opcode, masked, empty: no extension was negotiated, so the reserved bits are an error.
    (ws as unknown as { _socket: Socket })._socket.write(Buffer.from([0x80 | 0x30 | 0x1, 0x80, 0, 0, 0, 0]));
    expect(await closed).toEqual({ code: 1002, reason: 'malformed WebSocket frame' });
    expect(logged.some((m) => /^closed a client connection: .*RSV/i.test(m))).toBe(true);
    await hostStillServes();
  });
});
