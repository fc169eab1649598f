// When the language server dies, restart it, but not forever: a server that
// crashes at start-up would otherwise spin. Same rule as vscode-languageclient's
// default handler (give up after maxRestarts+1 crashes inside the window), kept
// free of any `vscode` import so that it is unit-tested under plain node.

export interface RestartDecision {
  /** Restart the server (true) or leave it stopped (false). */
  readonly restart: boolean;
  /** Crashes counted inside the window, this one included. */
  readonly crashesInWindow: number;
}

export class RestartPolicy {
  private crashTimes: number[] = [];

  constructor(
    readonly maxRestarts: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {
    if (maxRestarts < 0 || windowMs <= 0) {
      throw new RangeError(`invalid restart policy: ${maxRestarts} restarts in ${windowMs} ms`);
    }
  }

  /** Records one crash and says whether to restart after it. */
  recordCrash(): RestartDecision {
    const t = this.now();
    this.crashTimes.push(t);
    this.crashTimes = this.crashTimes.filter((c) => t - c <= this.windowMs);
    const crashesInWindow = this.crashTimes.length;
    return { restart: crashesInWindow <= this.maxRestarts, crashesInWindow };
  }

  /** Forgets past crashes: a restart asked for by the user starts afresh. */
  reset(): void {
    this.crashTimes = [];
  }
}
