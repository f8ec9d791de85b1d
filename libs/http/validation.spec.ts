import { japaneseFirst } from './validation';

describe('japaneseFirst', () => {
  it('puts Japanese before class-validator English, with the limits it names', () => {
    expect(japaneseFirst('isString', 'subject must be a string')).toBe(
      '文字列で入力してください (subject must be a string)',
    );
    expect(japaneseFirst('maxLength', 'subject must be shorter than or equal to 200 characters')).toBe(
      '200文字以内で入力してください (subject must be shorter than or equal to 200 characters)',
    );
    expect(japaneseFirst('someCustomRule', 'x is odd')).toBe('入力値が正しくありません (x is odd)');
  });

  it('keeps messages the DTOs already wrote in Japanese', () => {
    expect(japaneseFirst('isNotFuture', '未来の日付は登録できません')).toBe('未来の日付は登録できません');
  });
});
