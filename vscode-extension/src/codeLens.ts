// "Run | Debug | Profile" above a module's top-level `main` (the function that
// `kiln run` calls after the top level). Only a line scan: the entry point is
// a top-level `fn main(` or `def main(`, which needs no analysis to find.
import * as vscode from 'vscode';
import { readSettings } from './settings';

const MAIN = /^(?:fn|def)\s+main\s*[[(]/;

export class MainCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!readSettings(doc.uri).codeLens) {
      return [];
    }
    for (let line = 0; line < doc.lineCount; line++) {
      if (MAIN.test(doc.lineAt(line).text)) {
        const range = new vscode.Range(line, 0, line, 0);
        return [
          new vscode.CodeLens(range, { title: '$(play) Run', command: 'kiln.runFile', arguments: [doc.uri] }),
          new vscode.CodeLens(range, { title: 'Debug', command: 'kiln.debugFile', arguments: [doc.uri] }),
          new vscode.CodeLens(range, { title: 'Profile', command: 'kiln.profileFile', arguments: [doc.uri] }),
        ];
      }
    }
    return [];
  }
}
