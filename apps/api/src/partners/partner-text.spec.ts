import { partnerNormalizedName } from './partner-text';

describe('partnerNormalizedName', () => {
  it('folds spaces and width, and adds the department unless the name holds it', () => {
    expect(partnerNormalizedName('和木町 総務課', null)).toBe('和木町総務課');
    expect(partnerNormalizedName('和木町', '総務課')).toBe('和木町総務課');
    expect(partnerNormalizedName('和木町　総務課', '総務課')).toBe('和木町総務課');
    expect(partnerNormalizedName('ＡＢＣ協会', '')).toBe('abc協会');
  });
});
