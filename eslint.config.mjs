// Lint rules, including the import boundaries of ../shared/design/ARCHITECTURE.md: a wrong
// arrow between modules fails `npm test`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const vscodeOnly = {
  name: 'vscode',
  message: "The 'vscode' module may be imported only under src/vscode/ and in src/extension.ts.",
};
const restrict = (...patterns) => ({
  'no-restricted-imports': ['error', { paths: [vscodeOnly], patterns }],
});
const noEmulator = { group: ['**/emulator/**', '**/emulator'], message: 'Only the emulator itself may import emulator internals; reach it through the Kubernetes API.' };
const noVscodeFolder = { group: ['**/vscode/**'], message: 'Pure modules must not import from src/vscode/.' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.cache/**', 'out/**', '.vscode-test/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      ...restrict(),
    },
  },
  { files: ['src/vscode/**', 'src/extension.ts', 'test/integration/**'], rules: { 'no-restricted-imports': 'off' } },
  { files: ['src/kube/**'], rules: restrict({ group: ['../*'], message: 'src/kube imports nothing of ours.' }) },
  { files: ['src/scheduler/**'], rules: restrict(noEmulator, noVscodeFolder, { group: ['**/cluster/**', '**/anatomy/**', '**/manifests/**'], message: 'src/scheduler imports only src/kube.' }) },
  { files: ['src/cluster/**', 'src/anatomy/**', 'src/manifests/**', 'src/trace/**'], rules: restrict(noEmulator, noVscodeFolder) },
  { files: ['src/emulator/**'], rules: restrict(noVscodeFolder, { group: ['**/cluster/**', '**/anatomy/**', '**/manifests/**'], message: 'The emulator imports only src/kube and src/scheduler.' }) },
  { files: ['webview/**'], rules: restrict({ group: ['../../src/**', '../src/**', '**/src/**'], message: 'Webview apps import only the message protocol under webview/.' }) },
);
