import { randomBytes } from 'node:crypto';
import { generate as otplibGenerate } from '@otplib/totp';
import {
  looksLikeRecoveryCode,
  newRecoveryCode,
  newTotpSecret,
  openSecret,
  recoveryCodeHash,
  sealSecret,
  base32Plugin,
  totpPlugins,
  totpUri,
  verifyTotp,
} from './totp';

const generate = (options: { secret: string; epoch?: number }) =>
  otplibGenerate({ ...totpPlugins, ...options });

describe('totp', () => {
  it('encodes base32 as RFC 4648 does', () => {
    const vectors: [string, string][] = [
      ['', ''],
      ['f', 'MY'],
      ['fo', 'MZXQ'],
      ['foo', 'MZXW6'],
      ['foob', 'MZXW6YQ'],
      ['fooba', 'MZXW6YTB'],
      ['foobar', 'MZXW6YTBOI'],
    ];
    for (const [plain, encoded] of vectors) {
      expect(base32Plugin.encode(Buffer.from(plain))).toBe(encoded);
      expect(Buffer.from(base32Plugin.decode(encoded)).toString()).toBe(plain);
    }
    expect(base32Plugin.encode(Buffer.from('f'), { padding: true })).toBe('MY======');
    expect(Buffer.from(base32Plugin.decode('my======')).toString()).toBe('f');
  });

  it('matches the RFC 6238 test vector (SHA-1, T = 59 s)', async () => {
    const secret = base32Plugin.encode(Buffer.from('12345678901234567890'));
    // RFC 6238 Appendix B: 94287082 for 8 digits; the 6-digit code is its last six.
    expect(await otplibGenerate({ ...totpPlugins, secret, epoch: 59 })).toBe('287082');
  });

  it('accepts the current code once, and the neighbouring steps; refuses older steps', async () => {
    const secret = newTotpSecret();
    const now = Math.floor(Date.now() / 1000);
    const code = await generate({ secret });
    const step = await verifyTotp(secret, code, null);
    expect(step).toBe(Math.floor(now / 30));
    // The same code again (its step is not after the last accepted one): refused.
    expect(await verifyTotp(secret, code, step)).toBeNull();
    const previous = await generate({ secret, epoch: now - 30 });
    expect(await verifyTotp(secret, previous, null)).toBe(step! - 1);
    const next = await generate({ secret, epoch: now + 30 });
    expect(await verifyTotp(secret, next, step)).toBe(step! + 1);
    const old = await generate({ secret, epoch: now - 120 });
    expect(await verifyTotp(secret, old, null)).toBeNull();
    expect(await verifyTotp(secret, '12345', null)).toBeNull();
    expect(await verifyTotp(secret, code.replace(/(\d{3})/, '$1 '), null)).toBe(step);
  });

  it('makes otpauth URIs for the authenticator apps', () => {
    const uri = totpUri('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', 'tanaka');
    expect(uri).toMatch(/^otpauth:\/\/totp\/Outreach%20CRM:tanaka\?/);
    expect(uri).toContain('secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
  });

  it('seals secrets with AES-GCM under a key, and keeps them readable without one', () => {
    const key = randomBytes(32);
    const sealed = sealSecret('SECRET', key);
    expect(sealed).not.toContain('SECRET');
    expect(openSecret(sealed, key)).toBe('SECRET');
    expect(() => openSecret(sealed, randomBytes(32))).toThrow();
    expect(() => openSecret(sealed, null)).toThrow(/MFA_ENCRYPTION_KEY/);
    expect(openSecret(sealSecret('SECRET', null), null)).toBe('SECRET');
  });

  it('makes recovery codes that hash the same however they are typed', () => {
    const code = newRecoveryCode();
    expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    expect(looksLikeRecoveryCode(code)).toBe(true);
    expect(looksLikeRecoveryCode('123456')).toBe(false);
    expect(recoveryCodeHash(code.toUpperCase().replace('-', ' '))).toEqual(recoveryCodeHash(code));
  });
});
