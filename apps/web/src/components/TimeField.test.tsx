import { fireEvent, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { renderWithApp } from '../test/render';
import { parseTimeText, TimeField } from './TimeField';

describe('parseTimeText', () => {
  it.each([
    ['14:30', '14:30'],
    ['1430', '14:30'],
    ['9:05', '09:05'],
    ['１４：３０', '14:30'],
    ['14時30分', '14:30'],
    ['14時', '14:00'],
    ['午後2時50分', '14:50'],
    ['午前9時', '09:00'],
    ['午前12時', '00:00'],
  ])('%s → %s', (text, time) => expect(parseTimeText(text)).toBe(time));
  it.each(['24:00', '12:60', '2pm', 'あと'])('refuses %s', (text) => expect(parseTimeText(text)).toBeNull());
});

function Harness() {
  const [value, setValue] = useState('');
  return (
    <>
      <TimeField label="時刻" value={value} onChange={(e) => setValue(e.currentTarget.value)} />
      <output data-testid="value">{value}</output>
    </>
  );
}

describe('TimeField', () => {
  it('is typed in the 24-hour form and tidied when left; says when an entry is not a time', () => {
    renderWithApp(<Harness />);
    const input = screen.getByLabelText('時刻');
    expect(input.getAttribute('type')).not.toBe('time');
    fireEvent.change(input, { target: { value: '午後2時50分' } });
    fireEvent.blur(input);
    expect(screen.getByTestId('value').textContent).toBe('14:50');
    fireEvent.change(input, { target: { value: '25時' } });
    fireEvent.blur(input);
    expect(screen.getByText(/時刻として読めません/)).toBeTruthy();
  });
});
