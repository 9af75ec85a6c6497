import { describe, expect, it } from 'vitest';
import { MessageError, parseClientMessage, parseServerMessage } from './messages.js';

describe('client message validation', () => {
  it('accepts well-formed messages', () => {
    expect(parseClientMessage('{"type":"hello","protocol":1}')).toEqual({ type: 'hello', protocol: 1 });
    expect(parseClientMessage({ type: 'ack', seq: 5 })).toEqual({ type: 'ack', seq: 5 });
    expect(parseClientMessage({ type: 'setParams', params: { theta: 0.5, dimensions: 2 } })).toEqual({ type: 'setParams', params: { theta: 0.5, dimensions: 2 } });
    expect(parseClientMessage({ type: 'setSwitch', name: 'frameQuantisation', on: false })).toEqual({ type: 'setSwitch', name: 'frameQuantisation', on: false });
  });

  it.each([
    ['not json {', /not JSON/],
    ['[1,2]', /expected an object/],
    ['{"type":"launchMissiles"}', /unknown type "launchMissiles"/],
    ['{"type":"ack","seq":-1}', /ack.seq must be a non-negative integer/],
    ['{"type":"ack","seq":1.5}', /ack.seq/],
    ['{"type":"setParams","params":{"theta":99}}', /parameter theta must be a number in \[0, 2\], got 99/],
    ['{"type":"setParams","params":{"gravity":"strong"}}', /parameter gravity/],
    ['{"type":"setParams","params":{"warp":1}}', /unknown parameter warp/],
    ['{"type":"setParams","params":{"dimensions":4}}', /dimensions must be 2 or 3/],
    ['{"type":"setSwitch","name":"turbo","on":true}', /unknown switch "turbo"/],
    ['{"type":"setSwitch","name":"labelCache","on":"yes"}', /on must be a boolean/],
    ['{"type":"openFile","name":"a.csv"}', /openFile needs a name and text/],
  ])('rejects %s naming what was wrong', (raw, pattern) => {
    expect(() => parseClientMessage(raw)).toThrow(MessageError);
    expect(() => parseClientMessage(raw)).toThrow(pattern);
  });

  it('checks the server side loosely but loudly', () => {
    expect(parseServerMessage('{"type":"paused","paused":true}')).toEqual({ type: 'paused', paused: true });
    expect(() => parseServerMessage('{"type":"nope"}')).toThrow(/unknown type "nope"/);
  });

  it('checks the welcome switch list and the node names the renderer indexes into', () => {
    const welcome = { type: 'welcome', protocol: 1, backend: 'cpu', samples: [], switches: {}, params: {} };
    expect(parseServerMessage(JSON.stringify({ ...welcome, liveSwitches: ['frameQuantisation'] }))).toMatchObject({ liveSwitches: ['frameQuantisation'] });
    expect(() => parseServerMessage(JSON.stringify(welcome))).toThrow(/welcome.liveSwitches must list switch names/);
    expect(() => parseServerMessage(JSON.stringify({ ...welcome, liveSwitches: ['turbo'] }))).toThrow(/liveSwitches.*turbo/);
    const names = { type: 'nodeNames', graphId: 3, ids: ['a', 'b'] };
    expect(parseServerMessage(JSON.stringify({ ...names, labels: ['A', null] }))).toEqual({ ...names, labels: ['A', null] });
    expect(() => parseServerMessage(JSON.stringify({ ...names, ids: ['a', 2] }))).toThrow(/nodeNames.ids must be an array of strings/);
    expect(() => parseServerMessage(JSON.stringify({ ...names, labels: ['A'] }))).toThrow(/labels must be 2 strings or nulls/);
  });
});
