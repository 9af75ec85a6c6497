// Where the specs find the app and the shared real graphs (../shared/data next to the repository).
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const dataDir = resolve(repoRoot, '../shared/data');
