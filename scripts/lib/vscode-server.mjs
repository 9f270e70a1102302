// Starts and stops the bare VS Code server shipped in code-server (see TESTING.md): a real
// workbench and a real Node extension host, reachable from Chromium on loopback.
import { spawn } from 'node:child_process';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, existsSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serverMain } from './paths.mjs';

/** Settings for a workbench nobody has to click through: no trust dialog, no welcome page,
 * no telemetry or update checks (there is no network here anyway). */
const userSettings = {
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'update.showReleaseNotes': false,
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'window.commandCenter': false,
};

export function vscodeServerInstalled() {
  return existsSync(serverMain);
}

/** A port nothing listens on right now (the kernel picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** True when nothing listens on the port, so `npm start` can keep a predictable one. */
export function portIsFree(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * Starts the server and resolves once it answers HTTP.
 * @param {{ port?: number, env?: Record<string, string>, logFile?: string, startTimeoutMs?: number }} options
 */
export async function startVscodeServer(options = {}) {
  if (!vscodeServerInstalled()) {
    throw new Error(`The test VS Code is not installed (${serverMain} is missing). Run: npm run setup:vscode-test`);
  }
  const port = options.port ?? (await freePort());
  const root = mkdtempSync(join(tmpdir(), 'cluster-anatomy-vscode-'));
  const userDataDir = join(root, 'user-data');
  const serverDataDir = join(root, 'server-data');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(serverDataDir, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(userSettings, null, 2));

  const args = [
    serverMain, '--host', '127.0.0.1', '--port', String(port),
    '--without-connection-token', '--accept-server-license-terms',
    '--user-data-dir', userDataDir, '--server-data-dir', serverDataDir,
  ];
  // detached: the server gets its own process group, so stop() also ends the extension
  // hosts and pty hosts it forks.
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      // An empty gallery: no marketplace queries (code-server's default is open-vsx.org), since
      // the only network here is loopback and the package registries.
      EXTENSIONS_GALLERY: '{}',
      ...options.env,
      VSCODE_CLI: undefined,
      ELECTRON_RUN_AS_NODE: undefined,
    },
  });
  const recent = [];
  let allOutput = '';
  const logStream = options.logFile ? createWriteStream(options.logFile) : undefined;
  const onOutput = (chunk) => {
    logStream?.write(chunk);
    allOutput += chunk.toString();
    for (const line of chunk.toString().split('\n')) {
      if (line.trim() === '') continue;
      recent.push(line);
      if (recent.length > 40) recent.shift();
    }
  };
  child.stdout.on('data', onOutput);
  child.stderr.on('data', onOutput);
  let exited = null;
  const exitPromise = new Promise((resolve) => child.once('exit', (code, signal) => {
    exited = { code, signal };
    resolve(exited);
  }));

  // Never leave a server behind: not when the harness exits early, nor on Ctrl-C.
  const killGroup = () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Nothing left.
    }
  };
  const onSignal = (signal) => {
    killGroup();
    rmSync(root, { recursive: true, force: true });
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('exit', killGroup);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const origin = `http://127.0.0.1:${port}`;
  const server = {
    port,
    origin,
    userDataDir,
    /** The last lines the server printed, for error messages. */
    recentOutput: () => recent.join('\n'),
    hasExited: () => exited !== null,
    /** True once the server reported that an extension host it launched has exited. */
    extensionHostExited: () => /Extension Host Process exited/.test(allOutput),
    /** A workbench URL on `folder`, loading the extension at `extensionDevelopmentPath` in
     * development mode, and (for the in-host suite) the tests module at `extensionTestsPath`. */
    workbenchUrl({ folder, extensionDevelopmentPath, extensionTestsPath }) {
      const remote = (path) => `vscode-remote://127.0.0.1:${port}${path}`;
      const payload = [];
      if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
      if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
      const query = [];
      // Slashes may stay readable in a query string.
      if (folder) query.push(`folder=${encodeURIComponent(folder).replaceAll('%2F', '/')}`);
      if (payload.length > 0) query.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
      return `${origin}/?${query.join('&')}`;
    },
    async stop() {
      if (exited === null) {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          // Already gone.
        }
        const timer = setTimeout(() => {
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {
            // Already gone.
          }
        }, 5000);
        await exitPromise;
        clearTimeout(timer);
      }
      // The extension host may outlive the server by a moment; its group is the same.
      killGroup();
      process.off('exit', killGroup);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      logStream?.end();
      rmSync(root, { recursive: true, force: true });
    },
  };

  try {
    await waitUntilAnswering(origin, options.startTimeoutMs ?? 60_000, () => exited);
  } catch (error) {
    await server.stop();
    throw new Error(`${error.message}\n--- last lines of the VS Code server ---\n${recent.join('\n')}`);
  }
  return server;
}

async function waitUntilAnswering(origin, timeoutMs, exitStatus) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = exitStatus();
    if (status) throw new Error(`The VS Code server exited before answering (code ${status.code}, signal ${status.signal}).`);
    if ((await httpStatus(`${origin}/version`)) < 500) return;
    if (Date.now() > deadline) throw new Error(`The VS Code server did not answer on ${origin} within ${timeoutMs / 1000} s.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The HTTP status of a GET, or 599 when nothing answers (yet). */
function httpStatus(url) {
  return new Promise((resolve) => {
    const request = get(url, { timeout: 2000 }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 599);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(599));
  });
}
