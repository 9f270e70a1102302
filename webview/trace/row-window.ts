// Which rows of a fixed-row-height list are in the DOM: the visible ones plus a few above and
// below, so a scroll step rarely shows an empty band. Pure arithmetic, tested without a browser.

export interface RowWindow {
  /** First row index in the DOM. */
  first: number;
  /** One past the last row index in the DOM. */
  end: number;
}

export function rowWindow(scrollTop: number, viewportHeight: number, rowHeight: number, rowCount: number, overscan = 8): RowWindow {
  if (rowCount <= 0 || rowHeight <= 0) return { first: 0, end: 0 };
  const top = Math.max(0, scrollTop);
  const firstVisible = Math.min(rowCount - 1, Math.floor(top / rowHeight));
  const visible = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1;
  return { first: Math.max(0, firstVisible - overscan), end: Math.min(rowCount, firstVisible + visible + overscan) };
}

/**
 * The scrollTop that brings row `index` fully into view (rows start `headerHeight` below the top
 * edge of the scroller, under a sticky header), or the current one when it is already visible.
 */
export function scrollTopToReveal(index: number, scrollTop: number, viewportHeight: number, rowHeight: number, headerHeight = 0): number {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  const visibleBody = Math.max(rowHeight, viewportHeight - headerHeight);
  if (top < scrollTop) return top;
  if (bottom > scrollTop + visibleBody) return bottom - visibleBody;
  return scrollTop;
}
