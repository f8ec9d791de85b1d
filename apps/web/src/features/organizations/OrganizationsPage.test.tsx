import { screen, within } from '@testing-library/react';
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
});
