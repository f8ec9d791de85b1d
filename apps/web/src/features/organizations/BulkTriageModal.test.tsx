import { describe, expect, it } from 'vitest';
import { bulkRequests, type SelectedOrganization } from './BulkTriageModal';

const org = (id: string, suggestedSector: string | null): SelectedOrganization => ({
  id,
  version: 2,
  name: id,
  sector: null,
  suggestedSector,
});
const picked = [org('u1', 'university'), org('m1', 'medical'), org('u2', 'university'), org('x', null)];

describe('bulkRequests', () => {
  it('one request for one sector (or none); null clears the sector, 候補に戻す sends tier null', () => {
    expect(
      bulkRequests(picked.slice(0, 2), { tier: 'A', sectorMode: 'set', sector: 'other', technologies: null }),
    ).toEqual([
      {
        items: [
          { id: 'u1', version: 2 },
          { id: 'm1', version: 2 },
        ],
        set: { tier: 'A', sector: 'other' },
      },
    ]);
    expect(
      bulkRequests(picked.slice(0, 1), {
        tier: 'candidate',
        sectorMode: 'set',
        sector: null,
        technologies: [],
      }),
    ).toEqual([{ items: [{ id: 'u1', version: 2 }], set: { tier: null, technologies: [], sector: null } }]);
  });

  it('suggested sectors: one request per sector; those without a suggestion get only the rest', () => {
    expect(
      bulkRequests(picked, { tier: 'B', sectorMode: 'suggested', sector: null, technologies: null }),
    ).toEqual([
      {
        items: [
          { id: 'u1', version: 2 },
          { id: 'u2', version: 2 },
        ],
        set: { tier: 'B', sector: 'university' },
      },
      { items: [{ id: 'm1', version: 2 }], set: { tier: 'B', sector: 'medical' } },
      { items: [{ id: 'x', version: 2 }], set: { tier: 'B' } },
    ]);
    // nothing but the suggestion: the organization without one is left out
    expect(
      bulkRequests(picked, { tier: 'keep', sectorMode: 'suggested', sector: null, technologies: null }).map(
        (r) => r.set.sector,
      ),
    ).toEqual(['university', 'medical']);
  });

  it('nothing chosen: no request', () => {
    expect(
      bulkRequests(picked, { tier: 'keep', sectorMode: 'keep', sector: null, technologies: null }),
    ).toEqual([]);
  });
});
