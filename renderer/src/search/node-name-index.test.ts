import { describe, expect, it } from 'vitest';
import { NodeNameIndex } from './node-name-index.js';

const lesMis = () =>
  new NodeNameIndex(
    7,
    ['0.0', '11.0', '27.0', '48.0', '55.0', '12.0'],
    ['Myriel', 'Valjean', 'Mme. Thenardier', 'Gavroche', 'Thenardier', null],
  );

describe('node name index', () => {
  it('names a node by its label, else by its id', () => {
    const index = lesMis();
    expect(index.nameOf(1)).toBe('Valjean');
    expect(index.nameOf(5)).toBe('12.0');
    expect(index.idOf(1)).toBe('11.0');
    expect(new NodeNameIndex(1, ['a', 'b']).nameOf(1)).toBe('b');
  });

  it('finds labels case-insensitively by substring', () => {
    const r = lesMis().search('valJ');
    expect(r).toEqual({ matches: [{ node: 1, name: 'Valjean', id: '11.0' }], total: 1 });
    expect(lesMis().search('ROCH').matches.map((m) => m.node)).toEqual([3]);
  });

  it('ranks an exact name first, then names starting with the query, then the rest', () => {
    const r = lesMis().search('thenardier');
    expect(r.total).toBe(2);
    expect(r.matches.map((m) => m.name)).toEqual(['Thenardier', 'Mme. Thenardier']);
    const index = new NodeNameIndex(1, ['xab', 'abx', 'ab', 'zab']);
    expect(index.search('ab').matches.map((m) => m.name)).toEqual(['ab', 'abx', 'xab', 'zab']);
  });

  it('searches ids too, and a node matching in both counts once', () => {
    const index = lesMis();
    expect(index.search('12.0').matches).toEqual([{ node: 5, name: '12.0' }]);
    const both = new NodeNameIndex(1, ['anna', 'bob'], ['Anna', 'Robert']);
    expect(both.search('n').total).toBe(1);
    expect(both.search('bob').matches).toEqual([{ node: 1, name: 'Robert', id: 'bob' }]);
  });

  it('never matches across a label and an id or across two nodes', () => {
    const index = new NodeNameIndex(1, ['b', 'c'], ['a', 'd']);
    // 'a' + 'b' and 'b' + 'c' / 'd' sit next to each other inside the index; none of these is a name.
    expect(index.search('ab').total).toBe(0);
    expect(index.search('bc').total).toBe(0);
    expect(index.search('bd').total).toBe(0);
    // A separator typed into the query is stripped, so it cannot be used to reach across either.
    expect(index.search('a\u0001b').total).toBe(0);
  });

  it('counts every match but returns at most the limit', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `node-${i}`);
    const index = new NodeNameIndex(1, ids);
    const r = index.search('node-', 50);
    expect(r.total).toBe(1000);
    expect(r.matches).toHaveLength(50);
    expect(r.matches[0]).toEqual({ node: 0, name: 'node-0' });
    // The exact match outranks the 999 earlier-or-later prefix matches even though it comes late.
    expect(index.search('node-999', 5).matches[0].node).toBe(999);
    expect(index.search('node-999', 5).total).toBe(1);
    expect(index.search('node-99', 3).matches.map((m) => m.node)).toEqual([99, 990, 991]);
  });

  it('keeps offsets right when lowercasing changes a name\'s length', () => {
    // 'İ' lowercases to two code units; the node after it must still be found by its own name.
    const index = new NodeNameIndex(1, ['1', '2'], ['İstanbul', 'Ankara']);
    expect(index.search('ankara').matches).toEqual([{ node: 1, name: 'Ankara', id: '2' }]);
    expect(index.search('stanbul').matches[0].node).toBe(0);
  });

  it('matches nothing for an empty or blank query, and rejects labels that do not fit the ids', () => {
    expect(lesMis().search('').total).toBe(0);
    expect(lesMis().search('   ').total).toBe(0);
    expect(() => new NodeNameIndex(3, ['a', 'b'], ['A'])).toThrow(/graph 3: 1 labels for 2 ids/);
  });

  it('answers a query over 300k names quickly', () => {
    const n = 300_000;
    const ids = Array.from({ length: n }, (_, i) => String(i));
    const labels = Array.from({ length: n }, (_, i) => `Person ${i.toString(36)} Example`);
    const index = new NodeNameIndex(1, ids, labels);
    const t0 = performance.now();
    const wide = index.search('e'); // matches every node
    const narrow = index.search('person zz');
    const elapsed = performance.now() - t0;
    expect(wide.total).toBe(n);
    expect(wide.matches).toHaveLength(50);
    expect(narrow.total).toBe(36 + 1); // 'zz' and 'zz0'..'zzz'
    expect(elapsed).toBeLessThan(500); // typically ~30 ms; generous for a loaded CI machine
  });
});

describe('NodeNameIndex by id', () => {
  it('finds nodes by their exact id and describes ids found elsewhere in the order given, leaving out unknown ones', () => {
    const index = new NodeNameIndex(1, ['BRCA1', 'TP53', 'Breast cancer'], ['BRCA1 gene', null, null]);
    expect(index.nodeOfId('TP53')).toBe(1);
    expect(index.nodeOfId('tp53')).toBeUndefined(); // ids are exact; the text search is the lenient one
    expect(index.describeIds(['Breast cancer', 'nope', 'BRCA1'])).toEqual({
      matches: [{ node: 2, name: 'Breast cancer' }, { node: 0, name: 'BRCA1 gene', id: 'BRCA1' }],
      total: 2,
    });
  });
});
