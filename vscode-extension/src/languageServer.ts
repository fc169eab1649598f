// The Kiln language server's lifecycle: find the interpreter, check that it has
// Kiln, start `<python> -m kiln lsp` on stdio, restart it (with a visible
// message) when it dies, and give up after too many crashes in a short time.
import { ChildProcess, spawn } from 'node:child_process';
import * as vscode from 'vscode';
import {
  CloseAction,
  CloseHandlerResult,
  DidChangeConfigurationNotification,
  ErrorAction,
  ErrorHandler,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
} from 'vscode-languageclient/node';
import { describeSource, findInterpreter, Interpreter, probeInterpreter } from './interpreter';
import { displayCommandLine, languageServerCommand } from './kilnCommand';
import { RestartPolicy } from './restartPolicy';
import { KilnSettings, readSettings } from './settings';
import { ServerStatus } from './serverStatus';
import { StderrTail } from './stderrTail';

const CLIENT_ID = 'kiln'; // also the prefix of the `kiln.trace.server` setting

interface ExitInfo {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export class KilnLanguageServer implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private policy: RestartPolicy;
  private interpreter: Interpreter | undefined;
  private process: ChildProcess | undefined;
  private lastExit: Promise<ExitInfo> | undefined;
  private readonly stderr = new StderrTail(20);
  private readonly output = vscode.window.createOutputChannel('Kiln Language Server');
  private readonly trace = vscode.window.createOutputChannel('Kiln Language Server Trace');
  private readonly status = new ServerStatus();
  // start/stop/restart run one at a time, in the order they were asked for
  private queue: Promise<void> = Promise.resolve();

  constructor() {
    this.policy = policyFrom(readSettings());
  }

  start(): Promise<void> {
    return this.enqueue(() => this.doStart());
  }

  stop(): Promise<void> {
    return this.enqueue(() => this.doStop());
  }

  /** A restart asked for by the user (command, settings change): forgets past crashes. */
  restart(): Promise<void> {
    return this.enqueue(async () => {
      this.policy = policyFrom(readSettings());
      await this.doStop();
      await this.doStart();
    });
  }

  /** Sends settings that the running server applies without a restart. */
  notifySettingsChanged(): Promise<void> {
    return this.enqueue(async () => {
      if (this.client?.state === State.Running) {
        await this.client.sendNotification(DidChangeConfigurationNotification.type,
          { settings: { kiln: serverSettings(readSettings()) } });
      }
    });
  }

  showOutput(): void {
    this.output.show(true);
  }

  /** The running server's process id, for the status item and for tests. */
  get pid(): number | undefined {
    return this.process?.pid;
  }

  dispose(): void {
    void this.stop();
    this.status.dispose();
    this.output.dispose();
    this.trace.dispose();
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    const next = this.queue.then(step, step);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async doStart(): Promise<void> {
    if (this.client) {
      return;
    }
    const settings = readSettings();
    this.interpreter = await findInterpreter(vscode.window.activeTextEditor?.document.uri);
    this.status.starting(this.interpreter.path);
    const probe = await probeInterpreter(this.interpreter.path);
    if (!probe.ok) {
      this.reportMissingKiln(this.interpreter, probe.detail);
      return;
    }
    this.output.appendLine(`[kiln] ${probe.detail} (${this.interpreter.path}, ${describeSource(this.interpreter.source)})`);
    const client = new LanguageClient(CLIENT_ID, 'Kiln Language Server',
      this.serverOptions(this.interpreter.path, settings), this.clientOptions(settings));
    client.onDidChangeState((e) => this.onStateChange(e.newState));
    this.client = client;
    try {
      await client.start();
    } catch (err) {
      // the client has shown its own message; keep the status truthful
      this.status.stopped(`could not start: ${String(err)}`);
    }
  }

  private async doStop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) {
      try {
        await client.stop(5000);
      } catch {
        this.process?.kill('SIGKILL'); // did not answer shutdown in time
      }
      await client.dispose().catch(() => undefined);
    }
    this.process = undefined;
    this.status.stopped('stopped');
  }

  private serverOptions(python: string, settings: KilnSettings): ServerOptions {
    return async () => {
      const cmd = languageServerCommand(python, settings.serverArgs);
      this.output.appendLine(`[kiln] starting ${displayCommandLine(cmd)}`);
      const child = spawn(cmd.command, [...cmd.args], {
        cwd: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
        env: { ...process.env, PYTHONUNBUFFERED: '1' },
      });
      this.process = child;
      this.stderr.clear();
      child.stderr?.on('data', (chunk: Buffer) => this.stderr.add(chunk.toString('utf8')));
      this.lastExit = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
      return child;
    };
  }

  private clientOptions(settings: KilnSettings): LanguageClientOptions {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.{kiln,py}');
    return {
      documentSelector: [
        { scheme: 'file', language: 'kiln' },
        { scheme: 'untitled', language: 'kiln' },
      ],
      // settings go through notifySettingsChanged, not the client's own sync:
      // that one would also fire for settings that restart the server, racing the restart
      synchronize: { fileEvents: watcher },
      initializationOptions: serverSettings(settings),
      diagnosticCollectionName: 'kiln',
      outputChannel: this.output,
      traceOutputChannel: this.trace,
      errorHandler: this.errorHandler(),
      initializationFailedHandler: (err) => {
        this.output.appendLine(`[kiln] the server failed to initialize: ${String(err)}`);
        return false;
      },
      markdown: { isTrusted: false, supportHtml: false },
    };
  }

  private errorHandler(): ErrorHandler {
    return {
      // a few unreadable messages are survivable; a stream of them is not
      error: (_error, _message, count) => ({
        action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown,
      }),
      closed: () => this.onServerDied(),
    };
  }

  private async onServerDied(): Promise<CloseHandlerResult> {
    const exit = await withTimeout(this.lastExit, 1000);
    const how = describeExit(exit);
    const lastError = this.stderr.lastError();
    const why = lastError ? `${how}: ${lastError}` : how;
    const decision = this.policy.recordCrash();
    const window = `${this.policy.windowMs / 60000} minutes`;
    this.output.appendLine(`[kiln] the language server ${why}`);
    if (decision.restart) {
      this.notify('warning', `The Kiln language server ${why}. Restarting it ` +
        `(${decision.crashesInWindow} of ${this.policy.maxRestarts} restarts in ${window}).`);
      return { action: CloseAction.Restart, handled: true };
    }
    this.status.stopped(`crashed ${decision.crashesInWindow} times`);
    this.notify('error', `The Kiln language server crashed ${decision.crashesInWindow} times in the last ` +
      `${window} and will not be restarted. Last: ${why}. Run "Kiln: Restart Language Server" after fixing it.`);
    return { action: CloseAction.DoNotRestart, handled: true };
  }

  private reportMissingKiln(interpreter: Interpreter, detail: string): void {
    this.status.stopped(`Kiln is not importable by ${interpreter.path}`);
    this.output.appendLine(`[kiln] ${interpreter.path} (${describeSource(interpreter.source)}) cannot run Kiln: ${detail}`);
    const message = `Kiln: ${interpreter.path} (${describeSource(interpreter.source)}) cannot run Kiln: ` +
      `${detail}. Install Kiln into it or point kiln.pythonPath at an interpreter that has it.`;
    void vscode.window.showErrorMessage(message, 'Open Settings', 'Show Output').then((pick) => {
      if (pick === 'Open Settings') {
        void vscode.commands.executeCommand('workbench.action.openSettings', 'kiln.pythonPath');
      } else if (pick === 'Show Output') {
        this.showOutput();
      }
    });
  }

  private notify(kind: 'warning' | 'error', message: string): void {
    const show = kind === 'warning' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
    const actions = kind === 'warning' ? ['Show Output'] : ['Show Output', 'Restart'];
    void show(message, ...actions).then((pick) => {
      if (pick === 'Show Output') {
        this.showOutput();
      } else if (pick === 'Restart') {
        void this.restart();
      }
    });
  }

  private onStateChange(state: State): void {
    const python = this.interpreter?.path ?? 'python';
    if (state === State.Running) {
      this.status.running(python, this.process?.pid);
    } else if (state === State.Starting) {
      this.status.starting(python);
    }
  }
}

/** The server's settings schema (lsp/settings.py). */
function serverSettings(settings: KilnSettings): object {
  return {
    inlayHints: settings.inlayHints,
    diagnostics: { debounceMs: settings.diagnosticsDebounceMs },
  };
}

function policyFrom(settings: KilnSettings): RestartPolicy {
  return new RestartPolicy(settings.maxRestarts, settings.restartWindowMinutes * 60_000);
}

function describeExit(exit: ExitInfo | undefined): string {
  if (!exit) {
    return 'closed its connection';
  }
  return exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
}

function withTimeout<T>(p: Promise<T> | undefined, ms: number): Promise<T | undefined> {
  if (!p) {
    return Promise.resolve(undefined);
  }
  return Promise.race([p, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms))]);
}
