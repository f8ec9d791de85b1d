import { commonPasswordList, isCommonPassword, passwordProblem } from './password-policy';

describe('password policy', () => {
  const owner = { username: 'tanaka.ichiro', displayName: '田中 一郎', stationName: '岩国警察署' };

  it('loads the common-password list once, as a Set of the entries long enough to matter', () => {
    const list = commonPasswordList();
    expect(list).toBe(commonPasswordList());
    expect(list.size).toBeGreaterThan(40_000);
    expect(isCommonPassword('qwerty123456')).toBe(true);
    expect(isCommonPassword('QWERTY123456')).toBe(true);
    expect(isCommonPassword('ｑｗｅｒｔｙ１２３４５６')).toBe(true);
    expect(isCommonPassword('correct-horse-battery')).toBe(false);
  });

  it('wants 12 to 128 characters, counted as code points', () => {
    expect(passwordProblem('a-b-c-d-e-f', owner)).toMatch(/12文字以上/);
    expect(passwordProblem('霧島の湧水で淹れた朝の緑茶', owner)).toBeNull();
    expect(passwordProblem('霧島の湧水で淹れた緑茶', owner)).toMatch(/12文字以上/);
    expect(passwordProblem('x'.repeat(128), owner)).toBeNull();
    expect(passwordProblem('x'.repeat(129), owner)).toMatch(/128文字以下/);
  });

  it('refuses common passwords and the user’s own names, folded', () => {
    expect(passwordProblem('password1234', owner)).toMatch(/よく使われている/);
    expect(passwordProblem('TanakaIchiro-2024', owner)).toMatch(/ユーザー名/);
    expect(passwordProblem('my-ICHIRO-secret', owner)).toMatch(/ユーザー名/);
    expect(passwordProblem('ｔａｎａｋａ＿secret＿99', owner)).toMatch(/ユーザー名/);
    expect(passwordProblem('わたしは田中です2024年', owner)).toMatch(/氏名/);
    expect(passwordProblem('岩国の春は桜がきれいです', owner)).toMatch(/警察署/);
    expect(passwordProblem('steady-lantern-orbit', owner)).toBeNull();
    // Short pieces of a username are not names: fuzz_ab12 does not ban "fuzz".
    expect(passwordProblem('fuzz-password-0123456789', { username: 'fuzz_ab12cd' })).toBeNull();
    expect(passwordProblem('fuzzab12cd-and-more', { username: 'fuzz_ab12cd' })).toMatch(/ユーザー名/);
    // A one-letter display name does not ban the letter.
    expect(passwordProblem('plenty-of-ls-here', { username: 'abc', displayName: 'L' })).toBeNull();
  });
});
