// A throw-away code-server (real VS Code in the browser) for one test run:
// fresh user data, extensions and XDG dirs under one temp dir, bound to
// 127.0.0.1 only, no auth, telemetry off, run as its own process group so that
// stopping it also ends the extension host and the language server it spawned.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

const USER_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'editor.hover.delay': 100,
  'window.commandCenter': false,
  'terminal.integrated.gpuAcceleration': 'off',
};

/** XDG dirs inside the run dir, so nothing is written to the home directory. */
function isolatedEnv(root, extra) {
  return {
    ...process.env,
    XDG_CONFIG_HOME: path.join(root, 'xdg', 'config'),
    XDG_DATA_HOME: path.join(root, 'xdg', 'data'),
    XDG_CACHE_HOME: path.join(root, 'xdg', 'cache'),
    ...extra,
  };
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export class CodeServer {
  /**
   * @param {object} o
   * @param {string} o.binary   code-server executable
   * @param {string} o.root     a fresh temp dir for this run
   * @param {Record<string,string>} o.env  extra environment (inherited by the extension host)
   */
  constructor({ binary, root, env }) {
    this.binary = binary;
    this.root = root;
    this.env = isolatedEnv(root, env);
    this.userData = path.join(root, 'user-data');
    this.extensions = path.join(root, 'extensions');
    this.logFile = path.join(root, 'code-server.log');
    this.child = undefined;
    this.port = undefined;
  }

  async installExtension(vsix) {
    fs.mkdirSync(this.extensions, { recursive: true });
    const { stdout } = await run(this.binary, ['--install-extension', vsix, '--extensions-dir', this.extensions,
      '--user-data-dir', this.userData], { env: this.env, timeout: 120_000 });
    return stdout.trim();
  }

  async start(workspace) {
    fs.mkdirSync(path.join(this.userData, 'User'), { recursive: true });
    fs.writeFileSync(path.join(this.userData, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
    const config = path.join(this.root, 'config.yaml');
    this.port = await freePort();
    fs.writeFileSync(config, `bind-addr: 127.0.0.1:${this.port}\nauth: none\ncert: false\n`);
    const log = fs.openSync(this.logFile, 'w');
    this.child = spawn(this.binary, [
      '--config', config, '--bind-addr', `127.0.0.1:${this.port}`, '--auth', 'none',
      '--user-data-dir', this.userData, '--extensions-dir', this.extensions,
      '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
      '--disable-getting-started-override', '--ignore-last-opened', workspace,
    ], { env: this.env, detached: true, stdio: ['ignore', log, log] });
    fs.closeSync(log);
    await this.waitHealthy(60_000);
    return `http://127.0.0.1:${this.port}/?folder=${encodeURIComponent(workspace)}`;
  }

  async waitHealthy(timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) {
        throw new Error(`code-server exited (${this.child.exitCode}):\n${this.log()}`);
      }
      try {
        const res = await fetch(`http://127.0.0.1:${this.port}/healthz`);
        if (res.ok) {
          return;
        }
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`code-server not healthy after ${timeoutMs} ms:\n${this.log()}`);
  }

  /** Processes in code-server's group whose command line contains `needle`. */
  processesMatching(needle) {
    const pgid = this.child?.pid;
    const found = [];
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
        const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (Number(fields[2]) === pgid && cmdline.includes(needle)) {
          found.push(Number(entry));
        }
      } catch {
        // the process ended while we looked
      }
    }
    return found;
  }

  log() {
    try {
      return fs.readFileSync(this.logFile, 'utf8').slice(-4000);
    } catch {
      return '';
    }
  }

  async stop() {
    const pid = this.child?.pid;
    if (!pid || this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    try { process.kill(-pid, 'SIGTERM'); } catch { return; }
    const timer = setTimeout(() => { try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ } }, 5000);
    await exited;
    clearTimeout(timer);
    // the group may outlive its leader for a moment (extension host, language server)
    try { process.kill(-pid, 'SIGKILL'); } catch { /* all gone */ }
  }
}
