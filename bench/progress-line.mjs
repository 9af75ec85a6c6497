// One status line on stderr, rewritten in place with \r while the bench runs. When stderr is not a
// terminal (CI logs), it prints a plain line at most every few seconds instead of flooding the log.

const LOG_INTERVAL_MS = 5000;

export class ProgressLine {
  #started = performance.now();
  #width = 0;
  #lastLogged = -Infinity;
  #tty = process.stderr.isTTY === true;

  /** @param {string} text */
  update(text) {
    const now = performance.now();
    const elapsed = Math.round((now - this.#started) / 1000);
    const line = `[${Math.floor(elapsed / 60)}:${String(elapsed % 60).padStart(2, '0')}] ${text}`;
    if (!this.#tty) {
      if (now - this.#lastLogged < LOG_INTERVAL_MS) return;
      this.#lastLogged = now;
      process.stderr.write(`${line}\n`);
      return;
    }
    const columns = process.stderr.columns || 120;
    const shown = line.length >= columns ? line.slice(0, columns - 1) : line;
    process.stderr.write(`\r${shown.padEnd(this.#width)}`);
    this.#width = shown.length;
  }

  /** A message that stays visible above the progress line. */
  log(/** @type {string} */ text) {
    this.clear();
    process.stderr.write(`${text}\n`);
  }

  clear() {
    if (this.#width > 0) process.stderr.write(`\r${' '.repeat(this.#width)}\r`);
    this.#width = 0;
  }
}
