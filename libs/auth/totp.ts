import type { Base32Plugin } from '@otplib/core';
import { generateSecret } from '@otplib/core';
import { NodeCryptoPlugin } from '@otplib/plugin-crypto-node';
import { verify } from '@otplib/totp';
import { generateTOTP } from '@otplib/uri';
import { createCipheriv, createDecipheriv, createHash, randomBytes, randomInt } from 'node:crypto';

/**
 * TOTP (RFC 6238) with otplib: SHA-1, 6 digits, 30-second steps, the authenticator apps' defaults.
 * A code is accepted for the step before, the current one and the one after (±1 step, clock drift),
 * and only if its step is later than the last one accepted for the user (no replay).
 *
 * otplib's modular packages with Node's crypto: its default plugins (@noble/hashes, @scure/base)
 * are ES modules only, which CommonJS code (this app, jest) cannot load on Node 20.
 */
export const TOTP_ISSUER = 'Outreach CRM';
const STEP_SECONDS = 30;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32, what authenticator apps read (upper case, padding optional). */
export const base32Plugin: Base32Plugin = {
  name: 'rfc4648',
  encode(data: Uint8Array, options?: { padding?: boolean }): string {
    let bits = 0;
    let value = 0;
    let out = '';
    for (const byte of data) {
      value = ((value << 8) | byte) & 0xffff;
      bits += 8;
      while (bits >= 5) {
        out += ALPHABET[(value >>> (bits - 5)) & 31];
        bits -= 5;
      }
    }
    if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
    if (options?.padding) while (out.length % 8) out += '=';
    return out;
  },
  decode(str: string): Uint8Array {
    const clean = str.replace(/=+$/, '').replace(/\s/g, '').toUpperCase();
    const out: number[] = [];
    let bits = 0;
    let value = 0;
    for (const ch of clean) {
      const index = ALPHABET.indexOf(ch);
      if (index < 0) throw new Error('invalid base32 character');
      value = ((value << 5) | index) & 0xffff;
      bits += 5;
      if (bits >= 8) {
        out.push((value >>> (bits - 8)) & 0xff);
        bits -= 8;
      }
    }
    return Uint8Array.from(out);
  },
};

/** The plugins every otplib call here uses (tests generate codes with them too). */
export const totpPlugins = { crypto: new NodeCryptoPlugin(), base32: base32Plugin } as const;

export function newTotpSecret(): string {
  return generateSecret({ ...totpPlugins, length: 20 });
}

export function totpUri(secret: string, username: string): string {
  return generateTOTP({ issuer: TOTP_ISSUER, label: username, secret });
}

/** Digits only, spaces removed (codes are often typed "123 456"); full-width digits folded. */
export function normalizeOtp(input: string): string {
  return input.normalize('NFKC').replace(/[\s-]/g, '');
}

/** The time step of a valid code later than `afterStep`, or null. */
export async function verifyTotp(
  secret: string,
  code: string,
  afterStep: number | null,
): Promise<number | null> {
  const token = normalizeOtp(code);
  if (!/^\d{6}$/.test(token)) return null;
  try {
    const result = await verify({
      ...totpPlugins,
      secret,
      token,
      epochTolerance: STEP_SECONDS,
      ...(afterStep === null ? {} : { afterTimeStep: afterStep }),
    });
    return result.valid ? result.timeStep : null;
  } catch {
    return null;
  }
}

/* ---------------------------------------------------------------- recovery codes */

/** Crockford-like alphabet without look-alikes (0/o, 1/l/i). */
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
export const RECOVERY_CODE_COUNT = 10;

/** `xxxxx-xxxxx`: 10 characters of 31 (≈ 50 bits), enough for a one-time code stored hashed. */
export function newRecoveryCode(): string {
  let code = '';
  for (let i = 0; i < 10; i++) code += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** What is stored: SHA-256 of the code without separators, lower-cased. */
export function recoveryCodeHash(input: string): Buffer {
  const canonical = input.normalize('NFKC').toLowerCase().replace(/[\s-]/g, '');
  return createHash('sha256').update(canonical).digest();
}

export function looksLikeRecoveryCode(input: string): boolean {
  return /^[a-z0-9]{10}$/.test(input.normalize('NFKC').toLowerCase().replace(/[\s-]/g, ''));
}

/* ---------------------------------------------------------------- secrets at rest */

/**
 * TOTP secrets in the database: sealed with AES-256-GCM under MFA_ENCRYPTION_KEY (`v1.iv.tag.data`,
 * base64url) when a key is configured, else kept as `plain.SECRET`. Either way no API answer
 * carries a secret after the enrolment that created it.
 */
export function sealSecret(secret: string, key: Buffer | null): string {
  if (!key) return `plain.${secret}`;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), data]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

export function openSecret(stored: string, key: Buffer | null): string {
  if (stored.startsWith('plain.')) return stored.slice('plain.'.length);
  const [version, iv, tag, data] = stored.split('.');
  if (version !== 'v1' || !iv || !tag || !data) throw new Error('TOTP secret in an unknown format');
  if (!key) throw new Error('TOTP secrets are sealed but MFA_ENCRYPTION_KEY is not set');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}
