import * as vscode from 'vscode';

/** The extension's one output channel; everything worth a log line goes here. */
export function createLog(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('Cluster Anatomy', { log: true });
}
