// The last lines the language server wrote to stderr, so that the "server died"
// message can say why (a Python traceback ends with the line that matters).
// Only lines that look like an error count: a server that was killed after
// logging something harmless must not be blamed on that log line.

const ERROR_LINE = /\b\w*(?:Error|Exception)\b|\berror:|\bfatal\b|^Traceback|Segmentation fault|Killed/i;

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

  /** The last line that reads like an error, including one not yet ended by a newline. */
  lastError(): string | undefined {
    const all = [...this.lines, this.partial].map((l) => l.trim()).filter((l) => l !== '');
    for (let i = all.length - 1; i >= 0; i--) {
      if (ERROR_LINE.test(all[i])) {
        return all[i];
      }
    }
    return undefined;
  }

  clear(): void {
    this.lines = [];
    this.partial = '';
  }
}
