// `kiln run/build/check/profile` as VS Code tasks: they run in the terminal
// panel, their `file:line:col: error:` lines feed the Problems panel through the
// `$kiln` problem matcher, and users can write the same tasks in tasks.json
// (`"type": "kiln"`).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { findInterpreter } from './interpreter';
import { fileCommand, KilnSubcommand } from './kilnCommand';

export const TASK_TYPE = 'kiln';

export interface KilnTaskDefinition extends vscode.TaskDefinition {
  readonly command: KilnSubcommand;
  readonly file: string;
  readonly args?: string[];
  /** Where build/profile write their output (not settable from tasks.json). */
  readonly output?: string;
}

const SUBCOMMAND_LABEL: Record<KilnSubcommand, string> = {
  run: 'run',
  build: 'build',
  check: 'check',
  profile: 'profile',
};

export async function makeTask(def: KilnTaskDefinition, scope: vscode.WorkspaceFolder | vscode.TaskScope)
  : Promise<vscode.Task> {
  const fileUri = vscode.Uri.file(def.file);
  const python = (await findInterpreter(fileUri)).path;
  const cmd = fileCommand(python, def.command, def.file, def.args ?? [], def.output);
  // tasks.json may say "${file}": VS Code substitutes it in the execution, so
  // the directory cannot be computed here and the workspace folder is used
  const cwd = def.file.includes('${') ? '${workspaceFolder}' : path.dirname(def.file);
  const execution = new vscode.ProcessExecution(cmd.command, [...cmd.args], { cwd });
  const name = `${SUBCOMMAND_LABEL[def.command]} ${path.basename(def.file)}`;
  const task = new vscode.Task(def, scope, name, 'kiln', execution, ['$kiln']);
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, clear: true, focus: false };
  if (def.command === 'build') {
    task.group = vscode.TaskGroup.Build;
  }
  return task;
}

export class KilnTaskProvider implements vscode.TaskProvider {
  // Tasks are made on demand by the commands; tasks.json entries come through resolveTask.
  provideTasks(): vscode.Task[] {
    return [];
  }

  async resolveTask(task: vscode.Task): Promise<vscode.Task | undefined> {
    const def = task.definition as KilnTaskDefinition;
    if (!def.command || !def.file) {
      return undefined;
    }
    const resolved = await makeTask(def, task.scope ?? vscode.TaskScope.Workspace);
    // VS Code requires the very definition object it passed in
    return new vscode.Task(task.definition, resolved.scope ?? vscode.TaskScope.Workspace, resolved.name,
      resolved.source, resolved.execution, resolved.problemMatchers);
  }
}

/** Runs a task and resolves with its exit code (undefined if it was stopped). */
export async function runTask(task: vscode.Task): Promise<number | undefined> {
  const execution = await vscode.tasks.executeTask(task);
  return new Promise((resolve) => {
    const done = vscode.tasks.onDidEndTaskProcess((e) => {
      if (e.execution === execution) {
        done.dispose();
        resolve(e.exitCode);
      }
    });
  });
}
