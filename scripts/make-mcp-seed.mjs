#!/usr/bin/env node
// Converts the Diseasome GEXF (shared data) into server-memory's JSONL file: the default MCP source's seed.
// Usage: node scripts/make-mcp-seed.mjs [in.gexf] [out.jsonl]
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DOMParser } from '@xmldom/xmldom';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const input = process.argv[2] ?? '/work/shared/data/diseasome.gexf';
const output = process.argv[3] ?? join(root, 'assets/mcp/diseasome-memory.jsonl');

const doc = new DOMParser().parseFromString(readFileSync(input, 'utf8'), 'text/xml');
const byTag = (el, tag) => Array.from(el.getElementsByTagName(tag));
const titles = new Map(byTag(doc, 'attribute').map((a) => [a.getAttribute('id'), a.getAttribute('title')]));

// server-memory keys entities by name, so labels must be unique; a repeated label gets its GEXF id.
const nameOf = new Map();
const used = new Set();
const entities = [];
for (const node of byTag(doc, 'node')) {
  const id = node.getAttribute('id');
  const attrs = Object.fromEntries(byTag(node, 'attvalue').map((v) => [titles.get(v.getAttribute('id')) ?? v.getAttribute('id'), v.getAttribute('value')]));
  let name = node.getAttribute('label') || id;
  if (used.has(name)) name = `${name} (${id})`;
  used.add(name);
  nameOf.set(id, name);
  const entityType = attrs.type === 'gene' ? 'gene' : attrs.type === 'disease' ? 'disorder' : (attrs.type ?? 'node');
  const observations = [`gexf id: ${id}`, ...Object.entries(attrs).filter(([k]) => k !== 'type').map(([k, v]) => `${k}: ${v}`)];
  entities.push({ type: 'entity', name, entityType, observations });
}

// The file stores most pairs once per direction; the knowledge graph keeps each undirected pair once.
const seen = new Set();
const relations = [];
for (const edge of byTag(doc, 'edge')) {
  const a = nameOf.get(edge.getAttribute('source'));
  const b = nameOf.get(edge.getAttribute('target'));
  if (!a || !b || a === b) continue;
  const key = a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
  if (seen.has(key)) continue;
  seen.add(key);
  const ta = entities.find((e) => e.name === a)?.entityType;
  const tb = entities.find((e) => e.name === b)?.entityType;
  const relationType = ta !== tb ? 'associated_gene' : ta === 'gene' ? 'gene_gene' : 'disorder_disorder';
  relations.push({ type: 'relation', from: a, to: b, relationType });
}

mkdirSync(dirname(output), { recursive: true });
writeFileSync(output, [...entities, ...relations].map((x) => JSON.stringify(x)).join('\n'));
const types = entities.reduce((m, e) => ((m[e.entityType] = (m[e.entityType] ?? 0) + 1), m), {});
const relTypes = relations.reduce((m, r) => ((m[r.relationType] = (m[r.relationType] ?? 0) + 1), m), {});
console.log(JSON.stringify({ output, entities: entities.length, relations: relations.length, types, relTypes }));
