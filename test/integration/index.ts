// Entry point VS Code calls inside the extension host (extensionTestsPath): runs the mocha suite
// and writes its results where the harness (scripts/run-integration.mjs) reads them, because the
// host's own stdout is not visible to the harness.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { readNotes } from './notes';

export interface IntegrationTestResult {
  readonly suite: string;
  readonly title: string;
  readonly state: 'passed' | 'failed' | 'pending';
  readonly durationMs: number;
  readonly error?: string;
}

export interface IntegrationResults {
  readonly passes: number;
  readonly failures: number;
  readonly pending: number;
  readonly durationMs: number;
  readonly vscodeVersion: string;
  readonly tests: IntegrationTestResult[];
  /** Figures the tests measured, e.g. activationMs. */
  readonly notes: Record<string, string | number>;
}

export function run(): Promise<void> {
  const resultsFile = process.env.CLUSTER_ANATOMY_TEST_RESULTS;
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: false, reporter: 'dot' });
  for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  const tests: IntegrationTestResult[] = [];
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const results: IntegrationResults = {
        passes: tests.filter((t) => t.state === 'passed').length,
        failures: tests.filter((t) => t.state === 'failed').length,
        pending: tests.filter((t) => t.state === 'pending').length,
        durationMs: Date.now() - started,
        vscodeVersion: vscode.version,
        tests,
        notes: readNotes(),
      };
      if (resultsFile) fs.writeFileSync(resultsFile, JSON.stringify(results, null, 2));
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
    runner.on('pass', (test) => tests.push({ ...titles(test), state: 'passed', durationMs: test.duration ?? 0 }));
    runner.on('pending', (test) => tests.push({ ...titles(test), state: 'pending', durationMs: 0 }));
    // A failing hook arrives here too; its title names the hook.
    runner.on('fail', (test, error: Error) => tests.push({
      ...titles(test),
      state: 'failed',
      durationMs: test.duration ?? 0,
      error: error.stack ?? String(error),
    }));
  });
}


function titles(test: Mocha.Runnable): { suite: string; title: string } {
  return { suite: test.parent?.fullTitle() ?? '', title: test.title };
}
