// The command lines handed to the OS: options before the file, because
// everything after the file belongs to the user's program.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import {
  debugAdapterCommand, defaultBuildOutput, displayCommandLine, fileCommand, languageServerCommand,
} from '../../src/kilnCommand';

test('language server: python -m kiln lsp plus the configured args', () => {
  assert.deepEqual(languageServerCommand('/v/bin/python', ['--log', 'debug']),
    { command: '/v/bin/python', args: ['-m', 'kiln', 'lsp', '--log', 'debug'] });
});

test('debug adapter: python -m kiln debug --adapter', () => {
  assert.deepEqual(debugAdapterCommand('python3').args, ['-m', 'kiln', 'debug', '--adapter']);
});

test('run passes program arguments after the file', () => {
  assert.deepEqual(fileCommand('py', 'run', '/w/a.kiln', ['-n', '3']).args,
    ['-m', 'kiln', 'run', '/w/a.kiln', '-n', '3']);
});

test('build and profile put -o before the file', () => {
  assert.deepEqual(fileCommand('py', 'build', '/w/a.kiln', [], '/w/a').args,
    ['-m', 'kiln', 'build', '-o', '/w/a', '/w/a.kiln']);
  assert.deepEqual(fileCommand('py', 'profile', '/w/a.kiln', ['x'], '/t/p.html').args,
    ['-m', 'kiln', 'profile', '-o', '/t/p.html', '--format', 'html', '/w/a.kiln', 'x']);
});

test('check ignores an output path', () => {
  assert.deepEqual(fileCommand('py', 'check', '/w/a.kiln', [], '/nowhere').args, ['-m', 'kiln', 'check', '/w/a.kiln']);
});

test('build output sits beside the source without .kiln', () => {
  assert.equal(defaultBuildOutput('/w/matmul.kiln'), '/w/matmul');
  assert.equal(defaultBuildOutput('/w/odd'), '/w/odd.out');
});

test('display form quotes what a shell would split', () => {
  assert.equal(displayCommandLine({ command: '/my env/python', args: ['-m', 'kiln', "it's"] }),
    `'/my env/python' -m kiln 'it'\\''s'`);
});
