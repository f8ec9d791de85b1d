import { useEffect, useRef } from 'react';

/** The app header's height (AppLayout: AppShell header 56 px) and a little air on both sides. */
const HEADER = 56;
const GAP = 12;

/**
 * Keeps the field being edited clear of a sticky bar at the bottom of the page (the visit form's
 * キャンセル / 下書き保存 / 提出): nothing the user types may sit under it.
 *
 * - While the bar is mounted, the page's scroll-padding-bottom is the bar's height (measured, it
 *   wraps on narrow screens), so the browser's own focus and caret scrolling stop above the bar;
 *   scroll-padding-top keeps fields clear of the fixed header the same way.
 * - On focus and on every input (an autosize textarea grows under the caret), a field whose
 *   bottom is under the bar is scrolled up by the overlap, never past its top.
 *
 * Returns the ref for the bar.
 */
export function useStickyBarClearance<T extends HTMLElement>() {
  const barRef = useRef<T>(null);
  useEffect(() => {
    const bar = barRef.current;
    if (!bar) return;
    const root = document.documentElement;
    const before = { bottom: root.style.scrollPaddingBottom, top: root.style.scrollPaddingTop };
    const apply = () => {
      root.style.scrollPaddingBottom = `${Math.ceil(bar.getBoundingClientRect().height) + GAP}px`;
      root.style.scrollPaddingTop = `${HEADER + GAP}px`;
    };
    apply();
    const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(apply) : null;
    observer?.observe(bar);

    const keepClear = () => {
      const field = document.activeElement;
      if (!(field instanceof HTMLElement) || bar.contains(field) || !field.closest('form')) return;
      if (!['INPUT', 'TEXTAREA', 'SELECT'].includes(field.tagName) && !field.isContentEditable) return;
      const barTop = bar.getBoundingClientRect().top;
      const rect = field.getBoundingClientRect();
      const overlap = rect.bottom + GAP - barTop;
      if (overlap <= 0 || rect.top > barTop) return; // clear, or the browser brings it into view
      const room = rect.top - (HEADER + GAP); // scroll no further than the field's top allows
      const by = Math.min(overlap, Math.max(room, 0));
      if (by > 0) window.scrollBy({ top: by });
    };
    // after the browser's own scrolling and the autosize's growth
    const later = () => requestAnimationFrame(keepClear);
    document.addEventListener('focusin', later);
    document.addEventListener('input', later);
    return () => {
      observer?.disconnect();
      document.removeEventListener('focusin', later);
      document.removeEventListener('input', later);
      root.style.scrollPaddingBottom = before.bottom;
      root.style.scrollPaddingTop = before.top;
    };
  }, []);
  return barRef;
}
