// The decision table as an ARIA grid, virtualized: rows have a fixed height and only the ones
// in view (plus a few) are in the DOM, so a 5,000-node decision renders and scrolls like a
// 10-node one. aria-rowcount / aria-rowindex tell screen readers the full size.

import type { DecisionTable } from '../protocol/trace-messages.js';
import { type DecisionColumn, type RowView, decisionColumns, filterCell, filterPluginsThatRan, scoreCell, visibleRowIndexes } from './decision-rows.js';
import { type CellText, filterText, scoreText, totalText, verdictText } from './decision-text.js';
import { el } from './element.js';
import { rowWindow, scrollTopToReveal } from './row-window.js';

/** Pixels; the stylesheet reads it from --row-height so the two never disagree. */
export const ROW_HEIGHT = 26;
/** Rows kept in the DOM above and below the visible ones, so a normal scroll step shows no gap. */
const OVERSCAN = 8;

const WIDTH: Record<DecisionColumn['kind'], number> = { node: 200, verdict: 150, filter: 120, score: 120, total: 80 };
/** Average glyph width of the UI font at 13 px, to size columns from their longest text. */
const CHAR_PX = 7;
const MAX_REASON_PX = 560;
/** A filter that ran on no node: room for a shortened name, the full one is in the tooltip. */
const NOT_RUN_PX = 90;

/**
 * Column widths in px: a filter column that rejected some node is wide enough for its longest
 * reason (up to a cap, the rest in the tooltip), so kube-scheduler's words are readable in place;
 * one where every node passed stays narrow.
 */
export function columnWidths(table: DecisionTable, columns: readonly DecisionColumn[], ran = filterPluginsThatRan(table)): number[] {
  const longestReason = new Array<number>(table.filterPlugins.length).fill(0);
  let longestRejectedBy = 0;
  for (const row of table.rows) {
    if (row.verdict !== 'filtered') continue;
    longestRejectedBy = Math.max(longestRejectedBy, row.rejectedBy?.length ?? 0);
    for (let i = 0; i < table.filterPlugins.length; i++) {
      const cell = filterCell(table, row, i);
      if (cell?.result === 'rejected') longestReason[i] = Math.max(longestReason[i], (cell.reasons ?? []).join('; ').length);
    }
  }
  return columns.map((c) => {
    if (c.kind === 'filter' && !ran[c.index ?? 0]) return NOT_RUN_PX;
    if (c.kind === 'filter' && longestReason[c.index ?? 0] > 0) return Math.min(MAX_REASON_PX, Math.max(WIDTH.filter, longestReason[c.index ?? 0] * CHAR_PX + 16));
    if (c.kind === 'verdict' && longestRejectedBy > 0) return Math.max(WIDTH.verdict, ('filtered by '.length + longestRejectedBy) * CHAR_PX + 16);
    return WIDTH[c.kind];
  });
}

export interface GridHandlers {
  revealNode(node: string): void;
  sortChanged(column: string | undefined, descending: boolean): void;
}

function isNumeric(c: DecisionColumn): boolean {
  return c.kind === 'score' || c.kind === 'total';
}

export class DecisionGrid {
  /** The scroller: role=grid, with a sticky header row and the virtual body. */
  readonly element = el('div', { class: 'grid', role: 'grid', 'aria-label': 'Scheduling decision, one row per node', 'aria-readonly': 'true' });
  private readonly headerGroup = el('div', { class: 'grid-header', role: 'rowgroup' });
  private readonly headerRow = el('div', { class: 'grid-row header', role: 'row', 'aria-rowindex': '1' });
  private readonly body = el('div', { class: 'grid-body', role: 'rowgroup' });
  private table: DecisionTable | undefined;
  private columns: DecisionColumn[] = [];
  /** Per filter plugin: gave a verdict on some node. */
  private filtersRan: boolean[] = [];
  private view: RowView = {};
  private order: number[] = [];
  private readonly shown = new Map<number, HTMLElement>();
  /** Detached rows kept for reuse; their cells match the current columns. */
  private spare: HTMLElement[] = [];
  private viewportHeight = 0;
  private lastScrollTop = 0;
  private headerHeight = 0;

  constructor(private readonly handlers: GridHandlers) {
    this.element.style.setProperty('--row-height', `${ROW_HEIGHT}px`);
    this.headerGroup.append(this.headerRow);
    this.element.append(this.headerGroup, this.body);
    // Scroll events come once per frame before painting: rows are in place for that frame.
    this.element.addEventListener('scroll', () => this.renderWindow());
    new ResizeObserver(() => this.measure()).observe(this.element);
    this.element.addEventListener('keydown', (e) => this.onKey(e));
    this.element.addEventListener('click', (e) => {
      const target = (e.target as HTMLElement).closest('button.node-link') as HTMLButtonElement | null;
      if (target?.dataset.node) this.handlers.revealNode(target.dataset.node);
    });
  }

  /** Rows shown after the filter, in display order (indexes into table.rows). */
  get rowOrder(): readonly number[] {
    return this.order;
  }

  setTable(table: DecisionTable | undefined, view: RowView, keepScroll: boolean): void {
    this.table = table;
    const columns = table ? decisionColumns(table) : [];
    if (columns.map((c) => c.key).join('\n') !== this.columns.map((c) => c.key).join('\n')) {
      for (const r of [...this.shown.values(), ...this.spare]) r.remove();
      this.shown.clear();
      this.spare = [];
    }
    this.columns = columns;
    this.view = view;
    this.filtersRan = table ? filterPluginsThatRan(table) : [];
    const widths = table ? columnWidths(table, this.columns, this.filtersRan) : [];
    this.element.style.setProperty('--columns', widths.map((w) => `${w}px`).join(' '));
    this.element.style.setProperty('--grid-width', `${widths.reduce((s, w) => s + w, 0)}px`);
    this.element.setAttribute('aria-colcount', String(this.columns.length));
    this.renderHeader();
    this.reorder(keepScroll);
  }

  setView(view: RowView): void {
    this.view = view;
    this.renderHeader();
    this.reorder(false);
  }

  private reorder(keepScroll: boolean): void {
    // A live update must not throw keyboard focus out of the table: follow the focused node.
    const focused = this.element.contains(document.activeElement) ? (document.activeElement as HTMLElement).closest('button.node-link') as HTMLElement | null : null;
    const focusedNode = focused?.dataset.node;
    this.order = this.table ? visibleRowIndexes(this.table, this.view) : [];
    this.element.setAttribute('aria-rowcount', String(this.order.length + 1));
    this.body.style.height = `${this.order.length * ROW_HEIGHT}px`;
    for (const r of this.shown.values()) {
      r.remove();
      this.spare.push(r);
    }
    this.shown.clear();
    if (!keepScroll) this.element.scrollTop = 0;
    this.measure();
    if (focusedNode && this.table) {
      const pos = this.order.findIndex((i) => this.table?.rows[i].node === focusedNode);
      if (pos >= 0) this.focusRow(pos);
    }
  }

  private measure(): void {
    this.viewportHeight = this.element.clientHeight;
    this.headerHeight = this.headerGroup.offsetHeight;
    this.renderWindow();
  }

  private renderHeader(): void {
    const cells = this.columns.map((c, i) => {
      const sorted = this.view.sortColumn === c.key;
      const cell = el('div', { class: `cell ${c.kind}`, role: 'columnheader', 'aria-colindex': String(i + 1), 'aria-sort': sorted ? (this.view.sortDescending ? 'descending' : 'ascending') : 'none' });
      const notRun = c.kind === 'filter' && !this.filtersRan[c.index ?? 0];
      if (notRun || c.skipped) cell.classList.add('not-run');
      const what =
        c.kind === 'filter' ? `Filter plugin${notRun ? ' that ran on no node (PreFilter skipped it for this pod, or an earlier filter rejected every node)' : ''}`
        : c.kind === 'score' ? `Score plugin, weight ${c.weight}${c.skipped ? ', skipped for this pod (PreScore returned Skip)' : ''}`
        : undefined;
      const button = el('button', { type: 'button', class: 'sort', 'data-column': c.key, title: what ? `${what}: ${c.label}. Click to sort.` : `Click to sort by ${c.label.toLowerCase()}.` });
      button.append(el('span', { class: 'label' }, c.label));
      if (c.kind === 'score') button.append(el('span', { class: 'weight' }, `×${c.weight}`));
      button.append(el('span', { class: 'arrow', 'aria-hidden': 'true' }, sorted ? (this.view.sortDescending ? '▼' : '▲') : ''));
      button.addEventListener('click', () => this.cycleSort(c));
      cell.append(button);
      return cell;
    });
    const focused = (document.activeElement as HTMLElement | null)?.dataset?.column;
    this.headerRow.replaceChildren(...cells);
    // Re-rendering the header must not drop keyboard focus from the button just pressed.
    if (focused) (this.headerRow.querySelector(`button[data-column="${CSS.escape(focused)}"]`) as HTMLElement | null)?.focus();
  }

  /** Numbers sort best-first (descending) on the first click; names A-Z. A third click restores the table's order. */
  private cycleSort(c: DecisionColumn): void {
    const firstDescending = isNumeric(c);
    let column: string | undefined = c.key;
    let descending = firstDescending;
    if (this.view.sortColumn === c.key) {
      if (this.view.sortDescending === firstDescending) descending = !firstDescending;
      else column = undefined;
    }
    this.handlers.sortChanged(column, descending);
  }

  private renderWindow(): void {
    const table = this.table;
    if (!table) return;
    const body = this.viewportHeight - this.headerHeight;
    // A jump past everything shown (a fling, End, a scrollbar drag) gets no overscan: those rows
    // would be replaced next frame anyway. The next, slower scroll event adds it back.
    const top = this.element.scrollTop;
    const jump = Math.abs(top - this.lastScrollTop) > body + 2 * OVERSCAN * ROW_HEIGHT;
    this.lastScrollTop = top;
    const w = rowWindow(top, body, ROW_HEIGHT, this.order.length, jump ? 1 : OVERSCAN);
    // Rows that left the window are refilled for the ones entering it: a fast scroll updates
    // text in place instead of creating and discarding hundreds of elements per frame.
    const free: HTMLElement[] = [];
    let keptFirst = Infinity;
    let keptLast = -Infinity;
    for (const [pos, row] of this.shown) {
      if (pos < w.first || pos >= w.end) {
        free.push(row);
        this.shown.delete(pos);
      } else {
        keptFirst = Math.min(keptFirst, pos);
        keptLast = Math.max(keptLast, pos);
      }
    }
    // New rows go before or after the kept ones, so DOM order stays row order for screen readers.
    const above: HTMLElement[] = [];
    const below: HTMLElement[] = [];
    for (let pos = w.first; pos < w.end; pos++) {
      if (this.shown.has(pos)) continue;
      const row = free.pop() ?? this.spare.pop() ?? this.createRow();
      this.fillRow(row, table, pos);
      this.shown.set(pos, row);
      (pos < keptFirst ? above : below).push(row);
    }
    for (const row of free) {
      row.remove();
      this.spare.push(row);
    }
    if (above.length) this.body.prepend(...above);
    if (below.length) this.body.append(...below);
    this.element.dataset.rendered = String(this.order.length);
  }

  private createRow(): HTMLElement {
    const row = el('div', { role: 'row' });
    row.append(
      ...this.columns.map((c, i) => {
        const cell = el('div', { role: 'gridcell', 'aria-colindex': String(i + 1) });
        if (c.kind === 'node') cell.append(el('button', { type: 'button', class: 'node-link' }));
        return cell;
      }),
    );
    return row;
  }

  private fillRow(row: HTMLElement, table: DecisionTable, pos: number): void {
    const r = table.rows[this.order[pos]];
    row.className = `grid-row ${r.verdict}${r.tiedWithChosen ? ' tied' : ''}`;
    row.setAttribute('aria-rowindex', String(pos + 2));
    if (r.verdict === 'chosen') row.setAttribute('aria-selected', 'true');
    else row.removeAttribute('aria-selected');
    row.style.transform = `translateY(${pos * ROW_HEIGHT}px)`;
    const cells = row.children;
    this.columns.forEach((c, i) => {
      const cell = cells[i] as HTMLElement;
      if (c.kind === 'node') {
        cell.className = 'cell node';
        const b = cell.firstElementChild as HTMLButtonElement;
        b.textContent = r.node;
        b.dataset.node = r.node;
        b.dataset.pos = String(pos);
        b.title = `${r.node}: reveal in the Architecture tree`;
        return;
      }
      const t: CellText =
        c.kind === 'verdict' ? verdictText(r, table)
        : c.kind === 'filter' ? filterText(filterCell(table, r, c.index ?? 0))
        : c.kind === 'score' ? scoreText(scoreCell(table, r, c.index ?? 0), c.weight ?? 1, c.skipped)
        : totalText(r);
      cell.className = t.tone ? `cell ${c.kind} ${t.tone}` : `cell ${c.kind}`;
      cell.textContent = t.text;
      if (t.title) cell.title = t.title;
      else cell.removeAttribute('title');
      if (c.kind === 'filter' && t.tone === 'passed') cell.setAttribute('aria-label', 'passed');
      else cell.removeAttribute('aria-label');
    });
  }

  /** Arrow keys, Page Up/Down, Home/End move between node buttons, scrolling rows into the DOM first. */
  private onKey(e: KeyboardEvent): void {
    const from = (e.target as HTMLElement).closest('button.node-link') as HTMLButtonElement | null;
    if (!from) return;
    const pos = Number(from.dataset.pos);
    const page = Math.max(1, Math.floor((this.viewportHeight - this.headerHeight) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: pos + 1, ArrowUp: pos - 1, PageDown: pos + page, PageUp: pos - page, Home: 0, End: this.order.length - 1 };
    if (!(e.key in moves)) return;
    e.preventDefault();
    this.focusRow(Math.max(0, Math.min(this.order.length - 1, moves[e.key])));
  }

  focusRow(pos: number): void {
    if (pos < 0 || pos >= this.order.length) return;
    this.element.scrollTop = scrollTopToReveal(pos, this.element.scrollTop, this.viewportHeight, ROW_HEIGHT, this.headerHeight);
    this.renderWindow();
    (this.shown.get(pos)?.querySelector('button.node-link') as HTMLElement | null)?.focus({ preventScroll: true });
  }
}
