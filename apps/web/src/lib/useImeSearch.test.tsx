import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useImeSearch } from './useImeSearch';

function Box({ onCommit }: { onCommit: (v: string) => void }) {
  const s = useImeSearch('', 300, onCommit);
  return (
    <>
      <input aria-label="q" {...s.inputProps} />
      <output data-testid="committed">{s.committed}</output>
    </>
  );
}

describe('useImeSearch', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('debounces ordinary typing', () => {
    const onCommit = vi.fn();
    render(<Box onCommit={onCommit} />);
    const input = screen.getByLabelText('q');
    fireEvent.change(input, { target: { value: 'i' } });
    fireEvent.change(input, { target: { value: 'iw' } });
    act(() => {
      vi.advanceTimersByTime(299);
    });
    expect(onCommit).not.toHaveBeenCalled();
    act(() => {
      vi.advanceTimersByTime(1);
    });
    expect(onCommit).toHaveBeenCalledTimes(1);
    expect(onCommit).toHaveBeenCalledWith('iw');
  });

  it('does not search while an IME composition is in progress', () => {
    const onCommit = vi.fn();
    render(<Box onCommit={onCommit} />);
    const input = screen.getByLabelText('q');
    fireEvent.compositionStart(input);
    fireEvent.change(input, { target: { value: 'いわ' } });
    fireEvent.change(input, { target: { value: 'いわくに' } });
    act(() => {
      vi.advanceTimersByTime(1000);
    });
    expect(onCommit).not.toHaveBeenCalled();
    // conversion confirmed: 岩国
    fireEvent.change(input, { target: { value: '岩国' } });
    fireEvent.compositionEnd(input);
    act(() => {
      vi.advanceTimersByTime(300);
    });
    expect(onCommit).toHaveBeenCalledTimes(1);
    expect(onCommit).toHaveBeenCalledWith('岩国');
    expect(screen.getByTestId('committed').textContent).toBe('岩国');
  });
});
