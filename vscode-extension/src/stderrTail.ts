// The last lines the language server wrote to stderr, so that the "server died"
// message can say why (a Python traceback ends with the line that matters).

export class StderrTail {
  private lines: string[] = [];
  private partial = '';

  constructor(private readonly keep: number) {}

  add(chunk: string): void {
    const parts = (this.partial + chunk).split(/\r?\n/);
    this.partial = parts.pop() ?? '';
    this.lines.push(...parts.filter((l) => l.trim() !== ''));
    if (this.lines.length > this.keep) {
      this.lines = this.lines.slice(-this.keep);
    }
  }

  /** The last non-empty line, including one not yet ended by a newline. */
  lastLine(): string | undefined {
    const pending = this.partial.trim();
    return pending !== '' ? pending : this.lines[this.lines.length - 1]?.trim();
  }

  clear(): void {
    this.lines = [];
    this.partial = '';
  }
}
