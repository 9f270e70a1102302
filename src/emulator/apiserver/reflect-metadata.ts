// The few Reflect metadata functions tsyringe (used inside @peculiar/x509) checks for at load
// time. No polyfill package is installed, and these are all it touches.
type Target = object;
const store = new WeakMap<Target, Map<string | symbol | undefined, Map<unknown, unknown>>>();

function table(target: Target, property: string | symbol | undefined, create: boolean): Map<unknown, unknown> | undefined {
  let byProperty = store.get(target);
  if (!byProperty && create) store.set(target, (byProperty = new Map()));
  let entries = byProperty?.get(property);
  if (!entries && create && byProperty) byProperty.set(property, (entries = new Map()));
  return entries;
}

const R = Reflect as unknown as Record<string, unknown>;
if (typeof R.getMetadata !== 'function') {
  const getOwn = (key: unknown, target: Target, property?: string | symbol) => table(target, property, false)?.get(key);
  const get = (key: unknown, target: Target, property?: string | symbol): unknown => {
    for (let t: Target | null = target; t; t = Object.getPrototypeOf(t)) {
      const v = getOwn(key, t, property);
      if (v !== undefined) return v;
    }
    return undefined;
  };
  R.defineMetadata = (key: unknown, value: unknown, target: Target, property?: string | symbol) => void table(target, property, true)!.set(key, value);
  R.getOwnMetadata = getOwn;
  R.getMetadata = get;
  R.hasOwnMetadata = (key: unknown, target: Target, property?: string | symbol) => getOwn(key, target, property) !== undefined;
  R.hasMetadata = (key: unknown, target: Target, property?: string | symbol) => get(key, target, property) !== undefined;
  R.metadata = (key: unknown, value: unknown) => (target: Target, property?: string | symbol) => void table(target, property, true)!.set(key, value);
}
