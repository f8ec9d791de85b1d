import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Organization } from '../../api/types';
import { jsonResponse, mockFetch, renderWithApp } from '../../test/render';
import { OrganizationsPage } from './OrganizationsPage';

const row: Organization = {
  id: 'o1',
  stationId: 's1',
  corporateNumber: '7000012050002',
  name: '岩国精機株式会社',
  nameKana: 'イワクニセイキ',
  legalForm: null,
  sector: 'advanced_tech',
  technologies: [],
  tier: 'A',
  municipality: '35208',
  municipalityName: '岩国市',
  address: null,
  postalCode: null,
  exportControlRelevant: false,
  consultationDesk: 'none',
  status: 'active',
  closedOn: null,
  notes: null,
  source: 'register',
  registerUpdatedOn: '2024-04-01',
  suggestedSector: null,
  lastReachedOn: '2024-10-01',
  nextDueOn: '2025-03-30',
  coverage: 'overdue',
  mergedIntoId: null,
  archivedAt: null,
  createdAt: '2024-04-01T09:00:00+09:00',
  updatedAt: '2024-04-01T09:00:00+09:00',
  version: 1,
};

describe('OrganizationsPage', () => {
  it('sends the URL filters the server takes (a hand-edited tier is dropped) and shows the rows', async () => {
    const calls = mockFetch({
      'GET /organizations': () => jsonResponse({ items: [row], total: 1, page: 1, pageSize: 50 }),
    });
    renderWithApp(<OrganizationsPage />, { route: '/organizations?tier=Z&coverage=overdue&q=岩国' });
    const table = await screen.findByTestId('org-table');
    const link = await within(table).findByRole('link', { name: '岩国精機株式会社' });
    expect(link.getAttribute('href')).toBe('/organizations/o1');
    expect(within(table).getByText('岩国市')).toBeTruthy();
    expect(within(table).getByText('期限超過')).toBeTruthy();
    const list = calls.find((c) => c.path === '/organizations')!;
    expect(list.url.searchParams.get('coverage')).toBe('overdue');
    expect(list.url.searchParams.get('q')).toBe('岩国');
    expect(list.url.searchParams.has('tier')).toBe(false);
  });

  it('filters candidates, picks rows and sets tier and each suggested sector in one action, naming failures', async () => {
    const candidate = (id: string, name: string, suggestedSector: string | null): Organization => ({
      ...row,
      id,
      name,
      sector: null,
      tier: null,
      coverage: null,
      lastReachedOn: null,
      nextDueOn: null,
      suggestedSector,
    });
    const items = [
      candidate('c1', '国立大学法人岩国大学', 'university'),
      candidate('c2', '岩国中央病院', 'medical'),
      candidate('c3', '株式会社みどり商店', null),
    ];
    const calls = mockFetch({
      'GET /organizations': () => jsonResponse({ items, total: 3, page: 1, pageSize: 50 }),
      'GET /organizations/views': () => jsonResponse({ items: [] }),
      'POST /organizations/bulk': ({ body }) => {
        const b = body as { items: { id: string }[] };
        return jsonResponse({
          updated: b.items.filter((i) => i.id !== 'c2').map((i) => i.id),
          failed: b.items
            .filter((i) => i.id === 'c2')
            .map((i) => ({
              id: i.id,
              code: 'organization.stale_version',
              message: 'stale',
              name: '岩国中央病院',
            })),
        });
      },
    });
    renderWithApp(<OrganizationsPage />, {
      route: '/organizations?target=false&legalForm=kabushiki&nameWords=岩国',
    });
    const table = await screen.findByTestId('org-table');
    await within(table).findByText('国立大学法人岩国大学');
    const list = calls.find((c) => c.path === '/organizations')!;
    expect(list.url.searchParams.get('target')).toBe('false');
    expect(list.url.searchParams.get('legalForm')).toBe('kabushiki');
    expect(list.url.searchParams.get('nameWords')).toBe('岩国');
    expect(within(table).getAllByTestId('candidate-badge')).toHaveLength(3);
    expect(within(table).getAllByTestId('suggested-sector')).toHaveLength(2);

    fireEvent.click(screen.getByTestId('select-page'));
    expect((await screen.findByTestId('bulk-bar')).textContent).toContain('3件');
    fireEvent.click(screen.getByTestId('bulk-open'));
    const modal = await screen.findByRole('dialog');
    fireEvent.click(within(modal).getByRole('radio', { name: '提案どおり（事業者ごとの提案業種）' }));
    const tierInput = within(modal).getByTestId('bulk-tier');
    fireEvent.click(tierInput);
    await waitFor(() => expect(tierInput.getAttribute('aria-controls')).toBeTruthy());
    const tierOptions = document.getElementById(tierInput.getAttribute('aria-controls')!)!;
    fireEvent.click(within(tierOptions).getByRole('option', { name: 'B', hidden: true }));
    fireEvent.click(within(modal).getByTestId('bulk-apply'));

    expect(await screen.findByTestId('bulk-updated')).toBeTruthy();
    expect(screen.getByTestId('bulk-failed').textContent).toContain('岩国中央病院');
    const posts = calls
      .filter((c) => c.method === 'POST' && c.path === '/organizations/bulk')
      .map((c) => c.body);
    expect(posts).toEqual([
      { items: [{ id: 'c1', version: 1 }], set: { tier: 'B', sector: 'university' } },
      { items: [{ id: 'c2', version: 1 }], set: { tier: 'B', sector: 'medical' } },
      { items: [{ id: 'c3', version: 1 }], set: { tier: 'B' } },
    ]);
    await waitFor(() => expect(screen.getByTestId('bulk-updated').textContent).toContain('2'));
  });
});
