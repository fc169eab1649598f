// Entry point: wires the language server, the commands, the tasks, the CodeLens
// and the debugger to VS Code. Each part lives in its own module.
import * as vscode from 'vscode';
import { MainCodeLensProvider } from './codeLens';
import { DEBUG_TYPE, KilnDebugAdapterFactory, KilnDebugConfigurationProvider, KilnDynamicDebugConfigurations } from './debugAdapter';
import { buildFile, debugFile, profileFile, runFile } from './fileCommands';
import { KilnLanguageServer } from './languageServer';
import { onInterpreterChange } from './pythonExtension';
import { RESTART_SETTINGS, readSettings, SERVER_SETTINGS } from './settings';
import { KilnTaskProvider, TASK_TYPE } from './tasks';

let server: KilnLanguageServer | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  server = new KilnLanguageServer();
  const lsp = server;
  const lenses = new MainCodeLensProvider();
  context.subscriptions.push(
    lsp,
    vscode.commands.registerCommand('kiln.restartServer', () => lsp.restart()),
    vscode.commands.registerCommand('kiln.showServerOutput', () => lsp.showOutput()),
    vscode.commands.registerCommand('kiln.runFile', runFile),
    vscode.commands.registerCommand('kiln.buildFile', buildFile),
    vscode.commands.registerCommand('kiln.profileFile', profileFile),
    vscode.commands.registerCommand('kiln.debugFile', debugFile),
    vscode.tasks.registerTaskProvider(TASK_TYPE, new KilnTaskProvider()),
    vscode.languages.registerCodeLensProvider({ language: 'kiln' }, lenses),
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, new KilnDebugAdapterFactory()),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new KilnDebugConfigurationProvider()),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new KilnDynamicDebugConfigurations(),
      vscode.DebugConfigurationProviderTriggerKind.Dynamic),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (RESTART_SETTINGS.some((s) => e.affectsConfiguration(s))) {
        void lsp.restart();
      } else if (SERVER_SETTINGS.some((s) => e.affectsConfiguration(s))) {
        void lsp.notifySettingsChanged();
      }
      if (e.affectsConfiguration('kiln.codeLens')) {
        lenses.refresh();
      }
    }),
  );
  const interpreterWatch = await onInterpreterChange(() => {
    // only matters while the Python extension's choice is the one in use
    if (!readSettings().pythonPath) {
      void lsp.restart();
    }
  });
  if (interpreterWatch) {
    context.subscriptions.push(interpreterWatch);
  }
  void lsp.start(); // activation must not wait for the server: commands work meanwhile
}

export async function deactivate(): Promise<void> {
  await server?.stop();
  server = undefined;
}
