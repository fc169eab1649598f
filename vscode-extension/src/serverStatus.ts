// The language status item ("{} Kiln" in the status bar of a .kiln editor):
// whether the server runs, with which interpreter, and a click to its output.
import * as vscode from 'vscode';

export class ServerStatus implements vscode.Disposable {
  private readonly item = vscode.languages.createLanguageStatusItem('kiln.server', { language: 'kiln' });

  constructor() {
    this.item.name = 'Kiln Language Server';
    this.item.command = { title: 'Show Output', command: 'kiln.showServerOutput' };
    this.stopped('not started');
  }

  starting(python: string): void {
    this.item.text = '$(sync~spin) Kiln';
    this.item.detail = `starting with ${python}`;
    this.item.busy = true;
    this.item.severity = vscode.LanguageStatusSeverity.Information;
  }

  running(python: string, pid: number | undefined): void {
    this.item.text = 'Kiln';
    this.item.detail = `language server running (${python}${pid ? `, pid ${pid}` : ''})`;
    this.item.busy = false;
    this.item.severity = vscode.LanguageStatusSeverity.Information;
  }

  stopped(reason: string): void {
    this.item.text = '$(error) Kiln';
    this.item.detail = `language server ${reason}`;
    this.item.busy = false;
    this.item.severity = vscode.LanguageStatusSeverity.Error;
  }

  dispose(): void {
    this.item.dispose();
  }
}
