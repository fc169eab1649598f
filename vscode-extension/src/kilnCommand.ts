// The command lines the extension runs, in one place, so that the language
// server, the tasks and the debug adapter agree on how Kiln is invoked
// (`<python> -m kiln ...`, never a `kiln` script that may be from another venv).
// No `vscode` import: unit-tested under plain node.

export type KilnSubcommand = 'run' | 'build' | 'check' | 'profile';

export interface CommandLine {
  readonly command: string;
  readonly args: readonly string[];
}

export function languageServerCommand(python: string, extraArgs: readonly string[]): CommandLine {
  return { command: python, args: ['-m', 'kiln', 'lsp', ...extraArgs] };
}

export function debugAdapterCommand(python: string): CommandLine {
  return { command: python, args: ['-m', 'kiln', 'debug', '--adapter'] };
}

/** The command for a run/build/check/profile of one file; `output` is where build/profile write. */
export function fileCommand(
  python: string,
  sub: KilnSubcommand,
  file: string,
  extraArgs: readonly string[] = [],
  output?: string,
): CommandLine {
  // Options go before the file: `kiln run` and `kiln profile` pass everything
  // after the file to the program as sys.argv[1:].
  const options: string[] = [];
  if (output !== undefined && (sub === 'build' || sub === 'profile')) {
    options.push('-o', output);
  }
  if (sub === 'profile') {
    options.push('--format', 'html');
  }
  return { command: python, args: ['-m', 'kiln', sub, ...options, file, ...extraArgs] };
}

/** Where `kiln build` puts the executable for a source file: beside it, without `.kiln`. */
export function defaultBuildOutput(file: string): string {
  return file.endsWith('.kiln') ? file.slice(0, -'.kiln'.length) : `${file}.out`;
}

/** The shell-quoted form, for messages and the output channel. */
export function displayCommandLine(cmd: CommandLine): string {
  return [cmd.command, ...cmd.args].map(shellQuote).join(' ');
}

function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
