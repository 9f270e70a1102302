// Reads the closing counts of node:test's TAP report (`# pass N`, `# fail N`, ...).
// Cancelled tests (a failing hook, a timeout) count as failures; todo tests as skipped.
export function countTap(text) {
  const count = (name) => {
    const match = text.match(new RegExp(`^# ${name} (\\d+)$`, 'm'));
    return match ? Number(match[1]) : undefined;
  };
  const pass = count('pass');
  if (pass === undefined) return undefined;
  return {
    passed: pass,
    failed: (count('fail') ?? 0) + (count('cancelled') ?? 0),
    skipped: (count('skipped') ?? 0) + (count('todo') ?? 0),
  };
}
