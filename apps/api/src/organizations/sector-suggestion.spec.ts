import { suggestSector } from './sector-suggestion';

describe('suggestSector', () => {
  it.each([
    ['国立大学法人山口大学', 'national_university', 'university'],
    ['学校法人岩国学園 岩国短期大学', 'other', 'university'],
    ['国立研究開発法人産業技術総合研究所', null, 'university'],
    ['医療法人社団 岩国中央病院', null, 'medical'],
    ['独立行政法人 国立病院機構 岩国医療センター', null, 'medical'],
    ['中国電力株式会社', 'kabushiki', 'infra_power'],
    ['山口合同ガス株式会社', 'kabushiki', 'infra_gas'],
    ['岩国市上下水道局', 'public_body', 'infra_water'],
    ['錦川鉄道株式会社', 'kabushiki', 'infra_rail'],
    ['西日本電信電話株式会社', 'kabushiki', 'infra_telecom'],
    ['ｲﾜｸﾆ化学工業株式会社', 'kabushiki', 'chemical'],
    ['株式会社岩国精密製作所', 'kabushiki', 'manufacturing'],
  ])('%s (%s) → %s', (name, legalForm, sector) => {
    expect(suggestSector(name, legalForm)).toBe(sector);
  });

  it('answers null when nothing matches, and does not read ガスケット as gas', () => {
    expect(suggestSector('株式会社みどり商店', 'kabushiki')).toBeNull();
    expect(suggestSector('有限会社ガスケット販売', 'yugen')).toBeNull();
  });
});
