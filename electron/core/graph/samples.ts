// The sample graphs bundled in assets/samples (provenance in assets/samples/SOURCES.md).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Sample {
  name: string;
  file: string;
  title: string;
}

/** The default is the first: Les Misérables is small, recognisable and settles into clear clusters. */
export const SAMPLES: readonly Sample[] = [
  { name: 'les-miserables', file: 'les-miserables.gexf', title: 'Les Misérables character co-appearances (77 nodes)' },
  { name: 'karate', file: 'karate.mtx', title: "Zachary's karate club (34 nodes)" },
  { name: 'dolphins', file: 'dolphins.mtx', title: 'Doubtful Sound dolphins (62 nodes)' },
  { name: 'polbooks', file: 'polbooks.mtx', title: 'US politics books co-purchases (105 nodes)' },
  { name: 'airlines', file: 'airlines.graphml', title: 'US airline routes (235 nodes)' },
  { name: 'netscience', file: 'netscience.mtx', title: 'Network science co-authorships (1589 nodes)' },
];

export const DEFAULT_SAMPLE = SAMPLES[0].name;
export const SAMPLE_NAMES: string[] = SAMPLES.map((s) => s.name);

/**
 * The app root (where assets/ lives), found by walking up from this module: the depth differs between the
 * TypeScript sources (tests), dist/ and a packaged app.asar.
 */
export function appRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'assets', 'samples', 'SOURCES.md'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find assets/samples above ' + dirname(fileURLToPath(import.meta.url)));
    dir = up;
  }
}

export function samplePath(name: string): string | undefined {
  const s = SAMPLES.find((x) => x.name === name);
  return s && join(appRoot(), 'assets', 'samples', s.file);
}
