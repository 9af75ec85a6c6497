// The last lines a server wrote on stderr, kept so a failed start can say why ("Cannot find module ...").
// Bounded in lines and bytes: a chatty server must not grow the main process.

export class StderrTail {
  private lines: string[] = [];
  private partial = '';

  constructor(
    private readonly maxLines = 12,
    private readonly maxLineChars = 400,
  ) {}

  push(chunk: Buffer | string): void {
    const text = this.partial + chunk.toString();
    const parts = text.split(/\r?\n/);
    this.partial = (parts.pop() ?? '').slice(-this.maxLineChars);
    for (const p of parts) if (p.trim() !== '') this.lines.push(p.slice(0, this.maxLineChars));
    if (this.lines.length > this.maxLines) this.lines.splice(0, this.lines.length - this.maxLines);
  }

  /** The tail as text, the unfinished last line included; '' when the server said nothing. */
  text(lines = this.maxLines): string {
    const all = this.partial.trim() ? [...this.lines, this.partial] : this.lines;
    return all.slice(-lines).join('\n');
  }
}
