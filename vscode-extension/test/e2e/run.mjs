// End-to-end test of the packaged extension in a real VS Code (code-server +
// headless Chromium): install the .vsix, open a .kiln file of a fixture
// workspace, and check what a user sees: the language mode, a diagnostic
// squiggle and its Problems entry, Go to Definition from a `def` to an `fn` in
// another file, a hover, the language server coming back after it is killed,
// and the "Run" CodeLens running a program.
//
//   node test/e2e/run.mjs [--python P] [--code-server BIN] [--vsix F]
//                         [--artifacts DIR] [--screenshots DIR] [--keep]
//
// --python: the interpreter with Kiln installed. It reaches the extension
// through the KILN_PYTHON environment variable: the extension host inherits
// code-server's environment (all but PATH, which VS Code re-reads from the
// login shell).
// Exit code 0 when every check passed; each check prints PASS/FAIL.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { CodeServer } from './codeServer.mjs';
import { text, Workbench } from './workbench.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const EXT_ROOT = path.resolve(HERE, '..', '..');
const CACHE = process.env.KILN_VSCODE_CACHE || path.join(os.homedir(), '.cache', 'kiln-vscode-test');

const { values: opt } = parseArgs({
  options: {
    python: { type: 'string', default: path.join(EXT_ROOT, '..', '.venv', 'bin', 'python') },
    'code-server': { type: 'string', default: path.join(CACHE, 'code-server', 'node_modules', '.bin', 'code-server') },
    vsix: { type: 'string', default: path.join(EXT_ROOT, 'dist', 'kiln.vsix') },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
    artifacts: { type: 'string', default: path.join(HERE, 'artifacts') },
    screenshots: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});

const t0 = Date.now();
const log = (...a) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);
let failures = 0;
function check(ok, what) {
  log(ok ? 'PASS' : 'FAIL', what);
  if (!ok) failures++;
  return ok;
}
const appears = (locator, timeout) => locator.first().waitFor({ timeout }).then(() => true, () => false);

async function shot(wb, name) {
  fs.mkdirSync(opt.artifacts, { recursive: true });
  await wb.screenshot(path.join(opt.artifacts, name));
  if (opt.screenshots) {
    fs.mkdirSync(opt.screenshots, { recursive: true });
    await wb.screenshot(path.join(opt.screenshots, name));
  }
}

async function checkDiagnostics(wb) {
  await wb.openFile('main.kiln');
  check((await wb.statusBarLanguage()) === 'Kiln', 'the .kiln file opens in the Kiln language mode');
  check(await appears(wb.squiggles(), 90_000), 'a diagnostic squiggle is drawn under the undefined name');
  await wb.command('Problems: Focus on Problems View');
  const problem = wb.problems('totl');
  if (check(await appears(problem, 15_000), 'the Problems panel lists the diagnostic')) {
    log(`  Problems: ${text(await problem.first().innerText()).replace(/\s+/g, ' ')}`);
  }
  await shot(wb, 'diagnostics.png');
}

async function checkDefinition(wb) {
  await wb.openFile('main.kiln');
  await wb.moveCursor(6, 12); // `dot` in `    return dot(width, height)`, inside `def area`
  await wb.command('Go to Definition');
  const landed = await wb.activeTab('kernels.kiln').then(() => true, () => false);
  check(landed, 'Go to Definition on the def call opens kernels.kiln');
  const at = await wb.waitForCursor(1);
  // the target is the fn: its keyword (col 1) or its name (col 4), on line 1
  check(at?.line === 1 && (at.column === 1 || at.column === 4),
    `the cursor lands on \`fn dot\` (Ln ${at?.line}, Col ${at?.column})`);
  const line = await wb.lineText(at?.line ?? 1);
  check(line.startsWith('fn dot('), `the cursor's line is the fn: ${JSON.stringify(line)}`);
  await wb.openFile('main.kiln');
  await wb.moveCursor(6, 12);
  await wb.command('Peek Definition');
  await appears(wb.page.locator('.peekview-widget'), 10_000); // for the screenshot only
  await shot(wb, 'definition.png');
  await wb.page.keyboard.press('Escape');
}

async function checkHover(wb) {
  await wb.openFile('main.kiln');
  await wb.moveCursor(6, 12);
  await wb.command('Show or Focus Hover');
  const hover = wb.hover();
  if (check(await appears(hover, 20_000), 'a hover appears over the call')) {
    const content = text(await hover.first().innerText());
    log(`  hover: ${JSON.stringify(content.slice(0, 200))}`);
    check(content.includes('dot') && content.includes('Float64'), 'the hover shows the fn signature');
  }
  await shot(wb, 'hover.png');
  await wb.page.keyboard.press('Escape');
}

async function checkRestart(wb, cs) {
  const before = cs.processesMatching('-m kiln lsp');
  if (!check(before.length === 1, `one language server process runs (${before.join(', ') || 'none'})`)) return;
  process.kill(before[0], 'SIGKILL');
  const toast = wb.toast('Kiln language server was killed by SIGKILL');
  check(await appears(toast, 20_000), 'killing the server shows a visible "restarting" message');
  await shot(wb, 'restart.png');
  let after = [];
  for (let i = 0; i < 200 && !(after.length === 1 && after[0] !== before[0]); i++) {
    await wb.page.waitForTimeout(100);
    after = cs.processesMatching('-m kiln lsp');
  }
  check(after.length === 1 && after[0] !== before[0], `a new server process replaces it (${after.join(', ')})`);
  await wb.openFile('main.kiln');
  check(await appears(wb.squiggles(), 60_000), 'the restarted server publishes the diagnostic again');
}

async function checkIndent(wb) {
  await wb.openFile('indent.kiln');
  await wb.moveCursor(1, 25); // the end of `fn twice(x: Int) -> Int:`
  await wb.page.keyboard.press('Enter');
  const indented = await wb.waitForCursor(2, 5);
  check(indented?.line === 2 && indented.column === 5, `Enter after ':' indents (Ln ${indented?.line}, Col ${indented?.column})`);
  await wb.page.keyboard.type('return x * 2');
  await wb.page.keyboard.press('Enter');
  const outdented = await wb.waitForCursor(3, 1);
  check(outdented?.line === 3 && outdented.column === 1, `Enter after return outdents (Ln ${outdented?.line}, Col ${outdented?.column})`);
  await wb.command('File: Revert File');
}

async function checkRun(wb, ws) {
  await wb.command('Notifications: Clear All Notifications');
  await wb.openFile('hello.kiln');
  const lens = wb.page.locator('.contentWidgets .codelens-decoration a', { hasText: 'Run' });
  if (!check(await appears(lens, 15_000), 'a "Run" CodeLens sits above `def main`')) return;
  await lens.first().click();
  const output = path.join(ws, 'run-output.txt');
  let ran = false;
  for (let i = 0; i < 600 && !ran; i++) {
    ran = fs.existsSync(output) && fs.readFileSync(output, 'utf8').includes('hello from kiln run');
    if (!ran) await wb.page.waitForTimeout(100);
  }
  check(ran, 'the CodeLens ran the program with `kiln run` (it wrote run-output.txt)');
  await wb.page.waitForTimeout(500); // let the terminal paint the program's output
  await shot(wb, 'run.png');
}

async function checkBadInterpreter(wb, ws, root) {
  // changing kiln.pythonPath (here in the workspace's settings, as a project
  // would) restarts the server with the new interpreter; one that cannot run
  // Kiln gets a clear message rather than a crash loop
  await wb.command('Notifications: Clear All Notifications');
  fs.mkdirSync(path.join(ws, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(ws, '.vscode', 'settings.json'),
    JSON.stringify({ 'kiln.pythonPath': path.join(root, 'no-such-python') }));
  const toast = wb.toast('cannot run Kiln: no such interpreter');
  check(await appears(toast, 30_000), 'an interpreter without Kiln is reported with a message');
  check(!(await appears(wb.toast('failed'), 1_000)), 'and with no error from the language client beside it');
  await shot(wb, 'bad-interpreter.png');
}

async function main() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-e2e-'));
  const ws = path.join(root, 'workspace');
  fs.cpSync(path.join(HERE, 'workspace'), ws, { recursive: true });
  const cs = new CodeServer({
    binary: opt['code-server'],
    root,
    env: { KILN_PYTHON: path.resolve(opt.python), KILN_CACHE_DIR: path.join(root, 'kiln-cache') },
  });
  let wb;
  try {
    log(`installing ${opt.vsix}: ${await cs.installExtension(opt.vsix)}`);
    const url = await cs.start(ws);
    log(`code-server ready at ${url}`);
    wb = await Workbench.open(url, { executablePath: opt.chromium, log });
    await wb.waitForExplorerFile('main.kiln');
    log('workbench loaded');
    await checkDiagnostics(wb);
    await checkDefinition(wb);
    await checkHover(wb);
    await checkRestart(wb, cs);
    await checkRun(wb, ws);
    await checkIndent(wb);
    await checkBadInterpreter(wb, ws, root);
  } catch (e) {
    failures++;
    log('ERROR', e?.stack || e);
    if (wb) await shot(wb, 'error.png').catch(() => {});
  } finally {
    await wb?.close();
    await cs.stop();
    if (failures) log(`code-server log (tail):\n${cs.log()}`);
    if (!opt.keep) fs.rmSync(root, { recursive: true, force: true });
  }
  log(failures ? `${failures} FAILURE(S)` : 'ALL PASSED');
  process.exit(failures ? 1 : 0);
}

await main();
