import { normalizedOrganizationName, organizationText } from './organization-text';

describe('organizationText', () => {
  it('builds search_text from normalized name, reading, address and corporate number', () => {
    const t = organizationText({
      name: 'ＡＢＣ　テクノ株式会社',
      nameKana: 'えーびーしー てくの',
      address: '山口県岩国市 1－2',
      corporateNumber: '7010001008844',
    });
    expect(t.searchText).toBe('abcテクノ株式会社 エービーシーテクノ 山口県岩国市1-2 7010001008844');
    expect(t.normalizedName).toBe('abcテクノ');
    expect(t.sortKey).toBe('エービーシーテクノ');
  });

  it('drops legal-form words from the normalized name and falls back to the name for sorting', () => {
    expect(normalizedOrganizationName('株式会社岩国精密')).toBe('岩国精密');
    expect(normalizedOrganizationName('岩国精密㈱')).toBe('岩国精密');
    expect(normalizedOrganizationName('株式会社')).toBe('株式会社');
    expect(organizationText({ name: '岩国市水道局' })).toEqual({
      searchText: '岩国市水道局',
      normalizedName: '岩国市水道局',
      sortKey: '岩国市水道局',
    });
  });
});
