// Prints the in-host suite's results the way mocha's spec reporter would, since the host's own
// console is not ours to read.
export function printIntegrationResults(results) {
  console.log(`\n  In-host suite (VS Code ${results.vscodeVersion}, ${results.durationMs} ms)`);
  let lastSuite = '';
  for (const test of results.tests) {
    const { suite, title } = test;
    if (suite !== lastSuite) {
      console.log(`\n    ${suite}`);
      lastSuite = suite;
    }
    if (test.state === 'passed') console.log(`      ✔ ${title} (${test.durationMs} ms)`);
    else if (test.state === 'pending') console.log(`      - ${title}`);
    else console.log(`      ✖ ${title}\n${indent(test.error ?? '', 10)}`);
  }
  const notes = Object.entries(results.notes ?? {});
  if (notes.length) console.log(`\n    measured: ${notes.map(([name, value]) => `${name} ${value}`).join(', ')}`);
  console.log(`\n  ${results.passes} passing, ${results.failures} failing${results.pending ? `, ${results.pending} pending` : ''}\n`);
}

function indent(text, spaces) {
  return text.split('\n').map((line) => ' '.repeat(spaces) + line).join('\n');
}
