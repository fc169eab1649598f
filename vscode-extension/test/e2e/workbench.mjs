// Driving the VS Code workbench through the page, the way a person does: the
// Command Palette, Quick Open, the status bar. Selectors are VS Code's own DOM
// classes (stable across 1.9x); Monaco renders spaces as U+00A0.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const text = (s) => s.replace(/\u00a0/g, ' ');

export class Workbench {
  static async open(url, { executablePath, log }) {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-e2e-chromium-'));
    // launchPersistentContext: Playwright refuses --user-data-dir among the args
    const context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      viewport: { width: 1280, height: 800 },
      env: { ...process.env, XDG_CONFIG_HOME: profile, XDG_CACHE_HOME: profile },
      args: CHROMIUM_ARGS,
    });
    // nothing but loopback may be reached: block the rest (and say so in the log)
    await context.route((u) => !/^(https?|wss?):\/\/127\.0\.0\.1[:/]/.test(u.href)
      && !u.href.startsWith('data:') && !u.href.startsWith('blob:'), (route) => {
      log(`  [blocked] ${route.request().url().slice(0, 120)}`);
      return route.abort();
    });
    const page = await context.newPage();
    page.on('pageerror', (e) => log(`  [pageerror] ${String(e).slice(0, 200)}`));
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    return new Workbench(context, page, profile);
  }

  constructor(context, page, profile) {
    this.context = context;
    this.page = page;
    this.profile = profile;
  }

  async close() {
    await this.context.close().catch(() => {});
    fs.rmSync(this.profile, { recursive: true, force: true });
  }

  async waitForExplorerFile(name, timeout = 60_000) {
    await this.page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first().waitFor({ timeout });
  }

  async quickInput(prefix, value, rowText) {
    const { page } = this;
    await page.keyboard.press(prefix);
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(value);
    const row = rowText
      ? page.locator('.quick-input-list .monaco-list-row', { hasText: rowText })
      : page.locator('.quick-input-list .monaco-list-row');
    await row.first().waitFor({ timeout: 15_000 });
    await page.waitForTimeout(200); // the list settles on its first match
    await page.keyboard.press('Enter');
  }

  /** Runs a command by its palette label, e.g. "Go to Definition". */
  async command(label) {
    await this.quickInput('F1', `>${label}`, label);
  }

  async openFile(name) {
    await this.page.locator('.monaco-workbench').click({ position: { x: 640, y: 400 } }).catch(() => {});
    await this.quickInput('Control+P', name, name);
    await this.activeTab(name, 15_000);
    await this.page.locator('.editor-instance .view-lines').first().waitFor({ timeout: 15_000 });
  }

  async activeTab(name, timeout = 15_000) {
    await this.page.locator(`.tabs-container .tab.active[data-resource-name="${name}"]`).waitFor({ timeout });
  }

  /** Puts the cursor at 1-based line and column, through Go to Line. */
  async moveCursor(line, column) {
    // Go to Line is Quick Open with a ':' prefix; without it the text is a file search
    await this.quickInput('Control+G', `:${line}:${column}`);
    const at = await this.waitForCursor(line, column);
    if (at?.line !== line || at?.column !== column) {
      throw new Error(`cursor did not move to ${line}:${column} (it is at ${JSON.stringify(at)})`);
    }
  }

  async cursor() {
    const s = text(await this.page.locator('[id="status.editor.selection"]').innerText());
    const m = /Ln (\d+), Col (\d+)/.exec(s);
    return m ? { line: Number(m[1]), column: Number(m[2]) } : undefined;
  }

  async waitForCursor(line, column, timeout = 10_000) {
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
      const c = await this.cursor();
      if (c && c.line === line && (column === undefined || c.column === column)) return c;
      await this.page.waitForTimeout(100);
    }
    return this.cursor();
  }

  async statusBarLanguage() {
    const item = this.page.locator('[id="status.editor.mode"]');
    await item.waitFor({ timeout: 15_000 });
    return text(await item.innerText()).trim();
  }

  /** The text of editor line `n` (1-based), found through the line-number gutter. */
  async lineText(n, timeoutMs = 10_000) {
    // Right after a tab switch Monaco may not have laid out its lines yet: poll.
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = await this.lineTextOnce(n);
      if (found || Date.now() > deadline) return found;
      await this.page.waitForTimeout(200);
    }
  }

  async lineTextOnce(n) {
    const editor = this.page.locator('.editor-group-container.active .editor-instance').first();
    const numbers = editor.locator('.margin-view-overlays .line-numbers');
    let y;
    for (const el of await numbers.all()) {
      if (text(await el.innerText()).trim() === String(n)) {
        y = (await el.boundingBox())?.y;
        break;
      }
    }
    if (y === undefined) return '';
    for (const el of await editor.locator('.view-lines .view-line').all()) {
      const b = await el.boundingBox();
      if (b && Math.abs(b.y - y) < 3) return text(await el.innerText());
    }
    return '';
  }

  squiggles() {
    return this.page.locator('.editor-instance .squiggly-error, .editor-instance .squiggly-warning');
  }

  problems(hasText) {
    return this.page.locator('.markers-panel .monaco-list-row', { hasText });
  }

  hover() {
    return this.page.locator('.monaco-editor .monaco-hover:not(.hidden) .monaco-hover-content');
  }

  toast(hasText) {
    return this.page.locator('.notifications-toasts .notification-toast', { hasText });
  }

  async screenshot(file) {
    await this.page.screenshot({ path: file });
  }
}
