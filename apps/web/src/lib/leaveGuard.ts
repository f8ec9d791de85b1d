/**
 * Asking before a changed form is left. The question itself is one dialog (components/LeaveGuard)
 * mounted once in the layout; forms and the link guard ask it through here.
 */
export type LeaveReason = 'navigate' | 'discard';
type Asker = (onLeave: () => void, reason: LeaveReason) => void;

let asker: Asker | null = null;

export function setLeaveAsker(next: Asker | null): void {
  asker = next;
}

/** Runs `onLeave` once the user agrees (at once when no dialog is mounted, as in unit tests without the layout). */
export function requestLeave(onLeave: () => void, reason: LeaveReason = 'navigate'): void {
  if (asker) asker(onLeave, reason);
  else if (window.confirm(reason === 'discard' ? '入力した内容を破棄しますか？' : 'このページを離れますか？'))
    onLeave();
}
