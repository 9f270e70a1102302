// Figures the in-host tests measure (activation time, ...) travel to the harness in the results
// file. Each test file is bundled separately, so the store lives on globalThis.
const key = Symbol.for('clusterAnatomy.integrationNotes');
type Notes = Record<string, string | number>;

function store(): Notes {
  const holder = globalThis as unknown as Record<symbol, Notes | undefined>;
  return (holder[key] ??= {});
}

export function note(name: string, value: string | number): void {
  store()[name] = value;
}

export function readNotes(): Notes {
  return { ...store() };
}
