/**
 * Lists as cards on a phone (issue 17: no sideways scrolling at 390 px, the status always in
 * view). Every table in the page gets each cell labelled with its column's header
 * (`data-label`); the narrow-screen styles (styles.css, `.table-cards`) then show each row as a
 * card of "label: value" lines. Tables marked `data-no-cards` stay tables.
 */
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
  for (const body of Array.from(table.tBodies)) {
    for (const row of Array.from(body.rows)) {
      let col = 0;
      for (const cell of Array.from(row.cells)) {
        const label = cell.colSpan > 1 ? '' : (labels[col] ?? '');
        if (cell.getAttribute('data-label') !== label) cell.setAttribute('data-label', label);
        col += Math.max(1, cell.colSpan);
      }
    }
  }
}

/** Labels the tables under `root` now and whenever its content changes; returns the stop function. */
export function watchTableCards(root: HTMLElement): () => void {
  let scheduled = false;
  const run = () => {
    scheduled = false;
    root.querySelectorAll('table').forEach(labelTable);
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
