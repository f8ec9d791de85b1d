/**
 * index.html carries the login form as plain HTML (`form[data-boot-login]`), so a phone can type
 * into it before the app's scripts have run. The login page takes it over on its first render:
 * what was typed, which field had the focus (and its caret), and whether ログイン was pressed
 * already (index.html's little script keeps that submit as `data-submitted`; the page sends it).
 *
 * Read during the login page's render: React removes the plain form only in the commit that puts
 * the page in its place, in the same task, so nothing typed in between can be lost.
 */
export interface BootLogin {
  username: string;
  password: string;
  submitted: boolean;
  /** the plain form's field that had the focus, with its selection */
  focus: { name: 'username' | 'password'; start: number | null; end: number | null } | null;
}

export function readBootLogin(): BootLogin | null {
  if (typeof document === 'undefined') return null;
  const form = document.querySelector<HTMLFormElement>('form[data-boot-login]');
  if (!form) return null;
  const field = (name: string) => form.querySelector<HTMLInputElement>(`input[name="${name}"]`);
  const username = field('username');
  const password = field('password');
  const active = document.activeElement;
  const focused = active === username ? username : active === password ? password : null;
  return {
    username: username?.value ?? '',
    password: password?.value ?? '',
    submitted: form.hasAttribute('data-submitted'),
    focus: focused
      ? {
          name: focused === username ? 'username' : 'password',
          start: focused.selectionStart,
          end: focused.selectionEnd,
        }
      : null,
  };
}

/** Puts the focus (and caret) back where it was in the plain form. */
export function restoreBootFocus(form: HTMLFormElement | null, boot: BootLogin | null): void {
  if (!form || !boot?.focus) return;
  const input = form.querySelector<HTMLInputElement>(`input[name="${boot.focus.name}"]`);
  if (!input) return;
  input.focus();
  if (boot.focus.start !== null && boot.focus.end !== null) {
    try {
      input.setSelectionRange(boot.focus.start, boot.focus.end);
    } catch {
      /* a field type without a selection */
    }
  }
}

/** performance marks of the first load (bench/web-first-load.ts reads them); once each. */
export function markOnce(name: string): void {
  if (typeof performance === 'undefined' || typeof performance.mark !== 'function') return;
  if (performance.getEntriesByName(name, 'mark').length === 0) performance.mark(name);
}
