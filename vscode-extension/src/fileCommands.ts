// The editor commands that act on one .kiln file: Run, Build, Profile, Debug.
// Each takes the file from its argument (editor title button, CodeLens) or from
// the active editor, and saves it first: running a stale file surprises people.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { defaultBuildOutput } from './kilnCommand';
import { showProfile } from './profileView';
import { makeTask, runTask } from './tasks';

async function targetFile(arg: unknown): Promise<vscode.TextDocument | undefined> {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (!uri) {
    void vscode.window.showErrorMessage('Kiln: open a .kiln file first.');
    return undefined;
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  if (doc.languageId !== 'kiln' || doc.isUntitled) {
    void vscode.window.showErrorMessage(`Kiln: ${path.basename(uri.fsPath)} is not a saved .kiln file.`);
    return undefined;
  }
  if (doc.isDirty && !(await doc.save())) {
    return undefined;
  }
  return doc;
}

function scopeOf(doc: vscode.TextDocument): vscode.WorkspaceFolder | vscode.TaskScope {
  return vscode.workspace.getWorkspaceFolder(doc.uri) ?? vscode.TaskScope.Workspace;
}

export async function runFile(arg?: unknown): Promise<void> {
  const doc = await targetFile(arg);
  if (doc) {
    await runTask(await makeTask({ type: 'kiln', command: 'run', file: doc.uri.fsPath }, scopeOf(doc)));
  }
}

export async function buildFile(arg?: unknown): Promise<void> {
  const doc = await targetFile(arg);
  if (!doc) {
    return;
  }
  const output = defaultBuildOutput(doc.uri.fsPath);
  const code = await runTask(await makeTask({ type: 'kiln', command: 'build', file: doc.uri.fsPath, output },
    scopeOf(doc)));
  if (code === 0) {
    void vscode.window.showInformationMessage(`Kiln: built ${output}`);
  }
}

export async function profileFile(arg?: unknown): Promise<void> {
  const doc = await targetFile(arg);
  if (!doc) {
    return;
  }
  const stem = path.basename(doc.uri.fsPath, '.kiln');
  const output = path.join(os.tmpdir(), `kiln-profile-${stem}-${Date.now()}.html`);
  const code = await runTask(await makeTask({ type: 'kiln', command: 'profile', file: doc.uri.fsPath, output },
    scopeOf(doc)));
  if (code === 0) {
    await showProfile(vscode.Uri.file(output), stem);
  }
}

export async function debugFile(arg?: unknown): Promise<void> {
  const doc = await targetFile(arg);
  if (doc) {
    await vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(doc.uri), {
      type: 'kiln',
      request: 'launch',
      name: `Kiln: ${path.basename(doc.uri.fsPath)}`,
      program: doc.uri.fsPath,
      cwd: path.dirname(doc.uri.fsPath),
    });
  }
}
