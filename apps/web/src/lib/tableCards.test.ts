import { describe, expect, it } from 'vitest';
import { watchTableCards } from './tableCards';

describe('tables as cards on a phone', () => {
  it('labels every cell with its column, follows new rows, and leaves marked tables alone', async () => {
    const root = document.createElement('div');
    root.innerHTML = `
      <table id="a"><thead><tr><th></th><th>訪問日</th><th colspan="2">事業者</th><th>状態</th></tr></thead>
        <tbody><tr><td><input type="checkbox"></td><td>令和8年11月30日</td><td>岩国精密</td><td>岩国市</td><td>決裁待ち</td></tr>
               <tr><td colspan="5">ほかにありません</td></tr></tbody></table>
      <table id="b" data-no-cards><thead><tr><th>x</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>`;
    document.body.append(root);
    const stop = watchTableCards(root);
    const cells = Array.from(root.querySelectorAll('#a tbody tr:first-child td')).map((td) =>
      td.getAttribute('data-label'),
    );
    expect(cells).toEqual(['', '訪問日', '事業者', '事業者', '状態']);
    expect(root.querySelector('#a tbody tr:nth-child(2) td')?.getAttribute('data-label')).toBe('');
    expect(root.querySelector('#a')?.classList.contains('table-cards')).toBe(true);
    expect(root.querySelector('#b')?.classList.contains('table-cards')).toBe(false);

    const row = document.createElement('tr');
    row.innerHTML = '<td></td><td>令和8年12月1日</td><td>x</td><td>y</td><td>予定</td>';
    root.querySelector('#a tbody')?.append(row);
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    expect(row.cells[4].getAttribute('data-label')).toBe('状態');
    stop();
    root.remove();
  });

  it('shows placeholder rows while a list has none yet, and drops them when rows come or an error shows', async () => {
    const root = document.createElement('div');
    root.innerHTML = '<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody></tbody></table>';
    document.body.append(root);
    const stop = watchTableCards(root);
    const body = root.querySelector('tbody')!;
    expect(body.querySelectorAll('tr[data-skeleton]')).toHaveLength(3);
    expect(body.querySelector('td')?.colSpan).toBe(2);
    const row = document.createElement('tr');
    row.innerHTML = '<td>1</td><td>2</td>';
    body.append(row);
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    expect(body.querySelectorAll('tr[data-skeleton]')).toHaveLength(0);
    expect(row.cells[1].getAttribute('data-label')).toBe('b');

    row.remove();
    const alert = document.createElement('div');
    alert.setAttribute('role', 'alert');
    root.append(alert);
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    expect(body.querySelectorAll('tr[data-skeleton]')).toHaveLength(0);
    stop();
    root.remove();
  });
});
