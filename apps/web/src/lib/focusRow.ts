/**
 * After "+ 追加" adds a row, the cursor goes to the new row's first field (marked `data-row={key}`),
 * not left on the button (issue 17: it took 39 Tabs to reach the new field).
 */
export function focusRowSoon(key: string): void {
  const focus = (tries: number) => {
    const row = document.querySelector(`[data-row="${CSS.escape(key)}"]`);
    const field = row?.querySelector<HTMLElement>('input:not([type="hidden"]), textarea, select');
    if (field) field.focus();
    else if (tries > 0) requestAnimationFrame(() => focus(tries - 1));
  };
  requestAnimationFrame(() => focus(10));
}
