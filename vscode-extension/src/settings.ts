// The extension's settings (`kiln.*` in package.json), read into one typed value.
import * as vscode from 'vscode';

export interface InlayHintSettings {
  readonly variableTypes: boolean;
  readonly parameterNames: boolean;
}

export interface KilnSettings {
  /** Empty: ask the Python extension, else `python3`. */
  readonly pythonPath: string;
  readonly serverArgs: readonly string[];
  readonly maxRestarts: number;
  readonly restartWindowMinutes: number;
  readonly inlayHints: InlayHintSettings;
  readonly diagnosticsDebounceMs: number;
  readonly codeLens: boolean;
}

export function readSettings(scope?: vscode.ConfigurationScope): KilnSettings {
  const c = vscode.workspace.getConfiguration('kiln', scope);
  return {
    pythonPath: c.get<string>('pythonPath', '').trim(),
    serverArgs: c.get<string[]>('server.args', []),
    maxRestarts: Math.max(0, c.get<number>('server.maxRestarts', 4)),
    restartWindowMinutes: Math.max(0.1, c.get<number>('server.restartWindowMinutes', 3)),
    inlayHints: {
      variableTypes: c.get<boolean>('inlayHints.variableTypes', true),
      parameterNames: c.get<boolean>('inlayHints.parameterNames', true),
    },
    diagnosticsDebounceMs: c.get<number>('diagnostics.debounceMs', 40),
    codeLens: c.get<boolean>('codeLens.enable', true),
  };
}

/** Settings whose change needs a new server process. */
export const RESTART_SETTINGS = ['kiln.pythonPath', 'kiln.server.args'] as const;

/** Settings the running server applies when told (workspace/didChangeConfiguration). */
export const SERVER_SETTINGS = ['kiln.inlayHints', 'kiln.diagnostics'] as const;
