import { describe, expect, it } from 'vitest';
import { groupResults, searchItemPath } from './api';

describe('search results', () => {
  it('groups by type in a fixed order and links each to its record', () => {
    const groups = groupResults([
      { type: 'partner', id: 'p1', title: '山口県', snippet: '' },
      { type: 'organization', id: 'o1', title: '岩国精密工業', snippet: '' },
      { type: 'visit', id: 'v1', title: '岩国精密工業（2023-06-21 訪問）', snippet: '', date: '2023-06-21' },
      { type: 'organization', id: 'o2', title: '岩国化成', snippet: '' },
    ]);
    expect(groups.map((g) => [g.type, g.items.length])).toEqual([
      ['organization', 2],
      ['visit', 1],
      ['partner', 1],
    ]);
    expect(searchItemPath({ type: 'meeting', id: 'm1' })).toBe('/council/meetings/m1');
    expect(searchItemPath({ type: 'consultation', id: 'c1' })).toBe('/consultations/c1');
    // hq has no seminar, consultation or meeting screens: shown without a link
    expect(searchItemPath({ type: 'meeting', id: 'm1' }, 'hq')).toBeNull();
    expect(searchItemPath({ type: 'visit', id: 'v1' }, 'hq')).toBe('/visits/v1');
  });
});
