// Sorting the short key lists managedFields work sorts at every level of an object. V8's
// Array.prototype.sort copies each array it sorts into a work array first: on a status write
// that copy was a quarter of the bytes its managedFields work allocated. Short lists (most
// objects have a few keys) are sorted in place by insertion instead.

/** Longer lists go to the builtin sort. */
const INSERTION_SORT_MAX = 16;

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Sorts `list` in place (as `list.sort(compare)`; default: by UTF-16 code units) and returns it. */
export function sortSmall(list: string[], compare: (a: string, b: string) => number = byCodeUnits): string[] {
  const n = list.length;
  if (n > INSERTION_SORT_MAX) return list.sort(compare);
  for (let i = 1; i < n; i++) {
    const x = list[i];
    let j = i - 1;
    while (j >= 0 && compare(list[j], x) > 0) {
      list[j + 1] = list[j];
      j--;
    }
    list[j + 1] = x;
  }
  return list;
}
