// Prints the sources in one folder with one extension, for binding.gyp (`<!@(node ... DIR EXT)`).
// Paths are relative to the package root, which is where node-gyp runs gyp commands.
import { existsSync, readdirSync } from 'node:fs';

const [dir, ext] = process.argv.slice(2);
if (!dir || !ext) throw new Error('usage: list-sources.mjs DIR EXT');
const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(ext)).sort() : [];
process.stdout.write(files.map((f) => `${dir}/${f}`).join(' '));
