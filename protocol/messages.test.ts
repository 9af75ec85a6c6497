import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS, DEFAULT_SWITCHES } from './switches.js';
import { MessageError, parseClientMessage, parseServerMessage } from './messages.js';

describe('client message validation', () => {
  it('accepts well-formed messages', () => {
    expect(parseClientMessage('{"type":"hello","protocol":1}')).toEqual({ type: 'hello', protocol: 1 });
    expect(parseClientMessage({ type: 'ack', seq: 5 })).toEqual({ type: 'ack', seq: 5 });
    expect(parseClientMessage({ type: 'setParams', params: { theta: 0.5, dimensions: 2 } })).toEqual({ type: 'setParams', params: { theta: 0.5, dimensions: 2 } });
    expect(parseClientMessage({ type: 'setSwitch', name: 'frameQuantisation', on: false })).toEqual({ type: 'setSwitch', name: 'frameQuantisation', on: false });
    const edit = {
      type: 'edit',
      graphId: 3,
      commands: [
        { op: 'addNodes', nodes: [{ id: 'n', label: 'N', position: [1, 2, 3] }] },
        { op: 'addEdges', edges: [{ source: 'n', target: 'm', weight: 2 }] },
        { op: 'move', id: 'n', position: [0, 0, 0] },
        { op: 'unpin', id: 'n' },
        { op: 'removeNodes', ids: ['m'] },
      ],
    };
    expect(parseClientMessage(JSON.stringify(edit))).toEqual(edit);
  });

  it.each([
    ['not json {', /not JSON/],
    ['[1,2]', /expected an object/],
    ['{"type":"launchMissiles"}', /unknown type "launchMissiles"/],
    ['{"type":"constructor"}', /unknown type "constructor"/],
    ['{"type":"ack","seq":-1}', /ack.seq: must be a non-negative integer, got -1/],
    ['{"type":"ack","seq":1.5}', /ack.seq/],
    ['{"type":"setParams","params":{"theta":99}}', /setParams.params.theta: parameter theta must be a number in \[0, 2\], got 99/],
    ['{"type":"setParams","params":{"gravity":"strong"}}', /parameter gravity .*got "strong"/],
    ['{"type":"setParams","params":{"warp":1}}', /setParams.params: unknown key warp/],
    ['{"type":"setParams","params":{"constructor":1}}', /setParams.params: unknown key constructor/],
    ['{"type":"setParams","params":{"__proto__":{"theta":1}}}', /unknown key __proto__/],
    ['{"type":"setParams","params":{"dimensions":4}}', /dimensions must be 2 or 3/],
    ['{"type":"setSwitch","name":"turbo","on":true}', /setSwitch.name: unknown switch, got "turbo"/],
    ['{"type":"setSwitch","name":"labelCache","on":"yes"}', /setSwitch.on: must be a boolean/],
    ['{"type":"openFile","name":"a.csv"}', /openFile.text/],
    ['{"type":"hello","protocol":2,"constructor":{}}', /hello: unknown key constructor/],
    ['{"type":"cancelTask","taskId":-3}', /cancelTask.taskId/],
    ['{"type":"edit","graphId":1,"commands":[]}', /edit.commands/],
    ['{"type":"edit","graphId":1,"commands":[{"op":"explode","id":"a"}]}', /edit.commands.0/],
    ['{"type":"edit","graphId":1,"commands":[{"op":"move","id":"a"}]}', /edit.commands.0.position/],
    ['{"type":"edit","graphId":1,"commands":[{"op":"move","id":"a","position":[0,1,1e999]}]}', /edit.commands.0.position/],
    ['{"type":"edit","graphId":1,"commands":[{"op":"pin","id":""}]}', /node id must not be empty/],
    ['{"type":"edit","graphId":1,"commands":[{"op":"addEdges","edges":[{"source":"a","target":"b","weight":-2}]}]}', /edit.commands.0.edges.0.weight/],
    ['{"type":"edit","graphId":1,"commands":[{"op":"unpin","id":"a","constructor":1}]}', /unknown key constructor/],
  ])('rejects %s naming what was wrong', (raw, pattern) => {
    expect(() => parseClientMessage(raw)).toThrow(MessageError);
    expect(() => parseClientMessage(raw)).toThrow(pattern);
  });

  it('checks the server side loosely but loudly', () => {
    expect(parseServerMessage('{"type":"paused","paused":true}')).toEqual({ type: 'paused', paused: true });
    expect(() => parseServerMessage('{"type":"nope"}')).toThrow(/unknown type "nope"/);
  });

  it('checks the welcome switch list and the node names the renderer indexes into', () => {
    const welcome = { type: 'welcome', protocol: 2, backend: 'cpu', samples: [], switches: DEFAULT_SWITCHES, params: DEFAULT_PARAMS };
    expect(parseServerMessage(JSON.stringify({ ...welcome, liveSwitches: ['frameQuantisation'] }))).toMatchObject({ liveSwitches: ['frameQuantisation'] });
    expect(() => parseServerMessage(JSON.stringify(welcome))).toThrow(/welcome.liveSwitches/);
    expect(() => parseServerMessage(JSON.stringify({ ...welcome, liveSwitches: ['turbo'] }))).toThrow(/liveSwitches.0: unknown switch, got "turbo"/);
    const names = { type: 'nodeNames', graphId: 3, ids: ['a', 'b'] };
    expect(parseServerMessage(JSON.stringify({ ...names, labels: ['A', null] }))).toEqual({ ...names, labels: ['A', null] });
    expect(() => parseServerMessage(JSON.stringify({ ...names, ids: ['a', 2] }))).toThrow(/nodeNames.ids.1/);
    expect(() => parseServerMessage(JSON.stringify({ ...names, labels: ['A'] }))).toThrow(/labels must hold one string or null per id/);
  });

  it('checks that stats figures come grouped under declared switches', () => {
    const stats = {
      type: 'stats',
      engine: { backend: 'cpu', iterations: 1, stepsPerSecond: 1, msPerStep: 1, energy: 1, temperature: 1, settled: false },
      memory: { liveBytes: 0, peakBytes: 0, allocations: 0, frees: 0, buffers: {} },
      transport: { bytesPerFrame: 0, framesInFlight: 0, framesDropped: 0 },
      figures: { deviceMemory: { allocationsPerStep: 0 }, general: { phaseTreeMs: 1 } },
    };
    expect(parseServerMessage(JSON.stringify(stats))).toEqual(stats);
    expect(() => parseServerMessage(JSON.stringify({ ...stats, figures: { turbo: { x: 1 } } }))).toThrow(/stats.figures/);
  });
});
