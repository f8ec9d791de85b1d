import { attachmentDisposition } from './http';

describe('attachmentDisposition', () => {
  it('gives an ASCII fallback and the UTF-8 name', () => {
    expect(attachmentDisposition('訪問記録_2023.csv')).toBe(
      `attachment; filename="_____2023.csv"; filename*=UTF-8''%E8%A8%AA%E5%95%8F%E8%A8%98%E9%8C%B2_2023.csv`,
    );
    expect(decodeURIComponent(attachmentDisposition('訪問記録_2023.csv').split("''")[1])).toBe(
      '訪問記録_2023.csv',
    );
  });

  it('neutralises quotes, separators, path and control characters', () => {
    const header = attachmentDisposition('a"b;c/d\\e\r\nf.csv');
    expect(header).toMatch(/^attachment; filename="a_b_c_d_e__f\.csv"; filename\*=UTF-8''/);
    expect(header).not.toMatch(/[\r\n]/);
    expect(attachmentDisposition('')).toBe(`attachment; filename="download"; filename*=UTF-8''download`);
  });
});
