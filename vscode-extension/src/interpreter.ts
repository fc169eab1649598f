// Which Python runs Kiln, and whether Kiln is importable there. Order: the
// `kiln.pythonPath` setting, the KILN_PYTHON environment variable (the
// extension host inherits the editor's environment, so a shell or a test can
// choose without touching settings; PATH is no way to do that, since VS Code
// re-reads it from the login shell), the Python extension's selection, and
// `python3` from PATH.
import { execFile } from 'node:child_process';
import * as vscode from 'vscode';
import { readSettings } from './settings';
import { selectedInterpreter } from './pythonExtension';

export type InterpreterSource = 'setting' | 'environment' | 'python-extension' | 'default';

export interface Interpreter {
  readonly path: string;
  readonly source: InterpreterSource;
}

export async function findInterpreter(resource?: vscode.Uri): Promise<Interpreter> {
  const configured = readSettings(resource).pythonPath;
  if (configured) {
    return { path: expandVariables(configured, resource), source: 'setting' };
  }
  const fromEnv = process.env.KILN_PYTHON?.trim();
  if (fromEnv) {
    return { path: fromEnv, source: 'environment' };
  }
  const selected = await selectedInterpreter(resource);
  if (selected) {
    return { path: selected, source: 'python-extension' };
  }
  return { path: 'python3', source: 'default' };
}

export function describeSource(source: InterpreterSource): string {
  switch (source) {
    case 'setting':
      return 'from the kiln.pythonPath setting';
    case 'environment':
      return 'from the KILN_PYTHON environment variable';
    case 'python-extension':
      return 'selected in the Python extension';
    case 'default':
      return 'python3 on PATH; set kiln.pythonPath to choose another';
  }
}

export interface ProbeResult {
  readonly ok: boolean;
  /** `kiln <version>` on success, the interpreter's own error otherwise. */
  readonly detail: string;
}

/** Checks that the interpreter runs and can import Kiln, so a missing install
 *  is one clear message instead of a crash loop of the language server. */
export function probeInterpreter(python: string, timeoutMs = 20000): Promise<ProbeResult> {
  const script = 'import sys, kiln; print("kiln", kiln.__version__, "on Python", sys.version.split()[0])';
  return new Promise((resolve) => {
    execFile(python, ['-c', script], { timeout: timeoutMs }, (err, stdout, stderr) => {
      if (!err) {
        resolve({ ok: true, detail: stdout.trim() });
        return;
      }
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        resolve({ ok: false, detail: 'no such interpreter' });
        return;
      }
      const lastLine = stderr.trim().split('\n').pop() || err.message;
      resolve({ ok: false, detail: lastLine });
    });
  });
}

/** `~` and `${workspaceFolder}`, the two forms people write in a per-project interpreter path. */
function expandVariables(p: string, resource?: vscode.Uri): string {
  const folder = (resource && vscode.workspace.getWorkspaceFolder(resource)) ?? vscode.workspace.workspaceFolders?.[0];
  if (folder) {
    p = p.replace(/\$\{workspaceFolder\}/g, folder.uri.fsPath);
  }
  const home = process.env.HOME;
  return home && (p === '~' || p.startsWith('~/')) ? home + p.slice(1) : p;
}
