// gcc's AddressSanitizer and UBSan runtimes, for preloading into a node that loads a sanitized addon.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

function runtime(lib: string): string | undefined {
  try {
    const file = execFileSync('gcc', [`-print-file-name=${lib}`], { encoding: 'utf8' }).trim();
    return path.isAbsolute(file) && existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

/** Both runtimes' paths, or undefined where gcc lacks either. */
export function sanitizerRuntimes(): { asan: string; ubsan: string } | undefined {
  const asan = runtime('libasan.so');
  const ubsan = runtime('libubsan.so');
  return asan && ubsan ? { asan, ubsan } : undefined;
}
