// The `kiln` debug type: VS Code starts `<python> -m kiln debug --adapter` and
// speaks the Debug Adapter Protocol with it over stdio. F5 without a launch.json
// debugs the active .kiln file.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { findInterpreter } from './interpreter';
import { debugAdapterCommand } from './kilnCommand';

export const DEBUG_TYPE = 'kiln';

export class KilnDebugAdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  async createDebugAdapterDescriptor(session: vscode.DebugSession): Promise<vscode.DebugAdapterDescriptor> {
    const configured = session.configuration.pythonPath as string | undefined;
    const python = configured || (await findInterpreter(session.workspaceFolder?.uri)).path;
    const cmd = debugAdapterCommand(python);
    return new vscode.DebugAdapterExecutable(cmd.command, [...cmd.args], {
      cwd: session.workspaceFolder?.uri.fsPath,
    });
  }
}

export class KilnDebugConfigurationProvider implements vscode.DebugConfigurationProvider {
  resolveDebugConfiguration(
    _folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): vscode.DebugConfiguration | undefined {
    if (!config.type && !config.request && !config.name) {
      const doc = vscode.window.activeTextEditor?.document;
      if (doc?.languageId === 'kiln' && !doc.isUntitled) {
        return currentFileConfiguration(doc.uri.fsPath);
      }
    }
    if (!config.program) {
      void vscode.window.showErrorMessage('Kiln: nothing to debug. Open a .kiln file, or set "program" in launch.json.');
      return undefined; // aborts the launch
    }
    return config;
  }
}

/** Offers "debug this file" in the Run and Debug view without a launch.json. */
export class KilnDynamicDebugConfigurations implements vscode.DebugConfigurationProvider {
  provideDebugConfigurations(): vscode.DebugConfiguration[] {
    const doc = vscode.window.activeTextEditor?.document;
    return doc?.languageId === 'kiln' && !doc.isUntitled ? [currentFileConfiguration(doc.uri.fsPath)] : [];
  }
}

function currentFileConfiguration(file: string): vscode.DebugConfiguration {
  return {
    type: DEBUG_TYPE,
    request: 'launch',
    name: `Kiln: ${path.basename(file)}`,
    program: file,
    cwd: path.dirname(file),
  };
}
