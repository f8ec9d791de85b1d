/**
 * Lists as cards on a phone (issue 17: no sideways scrolling at 390 px, the status always in
 * view). Every table in the page gets each cell labelled with its column's header
 * (`data-label`); the narrow-screen styles (styles.css, `.table-cards`) then show each row as a
 * card of "label: value" lines. Tables marked `data-no-cards` stay tables. While a list's rows
 * are on their way, it shows placeholder rows (`data-skeleton`).
 */
function setRole(el: Element, role: string): void {
  if (!el.hasAttribute('role')) el.setAttribute('role', role);
}

function labelTable(table: HTMLTableElement): void {
  if (table.hasAttribute('data-no-cards')) return;
  const headerRow = table.tHead?.rows[0];
  if (!headerRow) return;
  const labels: string[] = [];
  for (const th of Array.from(headerRow.cells)) {
    const text = (th.textContent ?? '').trim();
    for (let i = 0; i < Math.max(1, th.colSpan); i++) labels.push(text);
  }
  table.classList.add('table-cards');
  // Explicit roles: the phone's card layout changes the cells' CSS display, and browsers then drop
  // a table's implied semantics; screen readers keep rows and cells with these.
  setRole(table, 'table');
  for (const th of Array.from(headerRow.cells)) setRole(th, 'columnheader');
  setRole(headerRow, 'row');
  if (table.tHead) setRole(table.tHead, 'rowgroup');
  for (const body of Array.from(table.tBodies)) setRole(body, 'rowgroup');
  for (const body of Array.from(table.tBodies)) {
    for (const row of Array.from(body.rows)) {
      if (row.hasAttribute('data-skeleton')) continue;
      setRole(row, 'row');
      let col = 0;
      for (const cell of Array.from(row.cells)) {
        const label = cell.colSpan > 1 ? '' : (labels[col] ?? '');
        if (cell.getAttribute('data-label') !== label) cell.setAttribute('data-label', label);
        setRole(cell, cell.tagName === 'TH' ? 'rowheader' : 'cell');
        col += Math.max(1, cell.colSpan);
      }
    }
  }
}

const SKELETON_ROWS = 3;
/** How long an empty table may look like it is loading before it is left empty. */
const SKELETON_MAX_MS = 8000;
const skeletonSince = new WeakMap<HTMLTableSectionElement, number>();

/**
 * A list whose rows have not come yet shows grey placeholder rows instead of looking empty
 * (the lists render an explicit "no data" row when the answer is empty, so an empty body means
 * the answer is on its way); not when the page shows an error.
 */
function skeleton(table: HTMLTableElement, root: HTMLElement, now: number): void {
  const body = table.tBodies[0];
  if (!body || table.hasAttribute('data-no-skeleton')) return;
  const rows = Array.from(body.rows);
  const placeholders = rows.filter((r) => r.hasAttribute('data-skeleton'));
  const real = rows.length - placeholders.length;
  const started = skeletonSince.get(body) ?? now;
  const wanted = real === 0 && !root.querySelector('[role="alert"]') && now - started < SKELETON_MAX_MS;
  if (!wanted) {
    placeholders.forEach((r) => r.remove());
    if (real > 0) skeletonSince.delete(body);
    return;
  }
  skeletonSince.set(body, started);
  if (placeholders.length > 0) return;
  const columns = table.tHead?.rows[0]?.cells.length ?? 1;
  for (let i = 0; i < SKELETON_ROWS; i++) {
    const tr = document.createElement('tr');
    tr.setAttribute('data-skeleton', '');
    tr.setAttribute('aria-hidden', 'true');
    const td = document.createElement('td');
    td.colSpan = Math.max(1, columns);
    td.innerHTML = '<div class="skeleton-line"></div>';
    tr.append(td);
    body.append(tr);
  }
  window.setTimeout(() => skeleton(table, root, Date.now()), SKELETON_MAX_MS + 50);
}

/** Labels the tables under `root` now and whenever its content changes; returns the stop function. */
export function watchTableCards(root: HTMLElement): () => void {
  let scheduled = false;
  const run = () => {
    scheduled = false;
    const now = Date.now();
    root.querySelectorAll('table').forEach((table) => {
      labelTable(table);
      skeleton(table, root, now);
    });
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(run);
  };
  run();
  const observer = new MutationObserver(schedule);
  observer.observe(root, { childList: true, subtree: true, characterData: true });
  return () => observer.disconnect();
}
