import { fireEvent, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { renderWithApp } from '../test/render';
import { DayInput, parseDayText } from './DayInput';

describe('parseDayText', () => {
  it.each([
    ['令和8年11月30日', '2026-11-30'],
    ['令和８年１１月３０日', '2026-11-30'],
    ['R8.11.30', '2026-11-30'],
    ['r8/11/30', '2026-11-30'],
    ['Ｒ８．１１．３０', '2026-11-30'],
    ['令和元年5月1日', '2019-05-01'],
    ['H31.4.30', '2019-04-30'],
    ['平成元年1月8日', '1989-01-08'],
    ['S64.1.7', '1989-01-07'],
    ['2026/11/30', '2026-11-30'],
    ['2026-11-30', '2026-11-30'],
    ['2026年11月30日', '2026-11-30'],
    ['２０２６／１１／３０', '2026-11-30'],
    ['20261130', '2026-11-30'],
  ])('%s → %s', (text, day) => {
    expect(parseDayText(text)).toBe(day);
  });

  it.each(['平成31年5月1日', '令和8年2月30日', 'R0.1.1', '明日', '2026/13/01', '2026-11', ''])(
    'refuses %s',
    (text) => {
      expect(parseDayText(text)).toBeNull();
    },
  );
});

function Harness() {
  const [value, setValue] = useState<string | null>('2026-11-01');
  return (
    <>
      <DayInput label="訪問日" value={value} onChange={setValue} />
      <output data-testid="value">{value ?? 'null'}</output>
    </>
  );
}

describe('DayInput', () => {
  it('takes an era date, shows it in 和暦, and says so when an entry is not a day', () => {
    renderWithApp(<Harness />);
    const input = screen.getByLabelText('訪問日');
    fireEvent.change(input, { target: { value: '令和8年11月30日' } });
    expect(screen.getByTestId('value').textContent).toBe('2026-11-30');
    fireEvent.blur(input);
    expect(screen.getByText('令和8年11月30日')).toBeTruthy();

    fireEvent.change(input, { target: { value: '11月31日ごろ' } });
    fireEvent.blur(input);
    expect(screen.getByText(/日付として読めません/)).toBeTruthy();
    // the typed text stays for correcting; the value is not silently replaced
    expect((input as HTMLInputElement).value).toBe('11月31日ごろ');
    expect(screen.getByTestId('value').textContent).toBe('2026-11-30');
  });
});
