import { CommonErrors, FieldError } from './domain-error';

/** Deepest nesting of objects and arrays a request body or query may have. */
export const MAX_INPUT_DEPTH = 32;
/** At most this many problems are listed in `details`. */
const MAX_DETAILS = 20;

// NUL (PostgreSQL text cannot hold it: 22021) and UTF-16 surrogates without their partner (not
// Unicode: jsonb refuses them, e-mail validators throw on them).
// eslint-disable-next-line no-control-regex -- NUL is exactly what is refused
const BAD_CHARACTER = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// eslint-disable-next-line no-control-regex -- as above, to make a field name printable
const BAD_CHARACTERS = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const NUL_MESSAGE = '使用できない文字（NUL）が含まれています (contains a NUL character)';
const SURROGATE_MESSAGE =
  '文字コードが正しくありません（不正なサロゲート） (invalid Unicode: lone surrogate)';
const RESERVED_KEY_MESSAGE = '使用できない項目名です (reserved field name)';
const DEPTH_MESSAGE = `入れ子が深すぎます（${MAX_INPUT_DEPTH}階層まで） (nested deeper than ${MAX_INPUT_DEPTH} levels)`;

/** Keys that name Object.prototype members (`__proto__`, `constructor`, `hasOwnProperty` …): never data. */
const RESERVED_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

function characterProblem(text: string): string | undefined {
  const match = BAD_CHARACTER.exec(text);
  if (!match) return undefined;
  return match[0] === '\u0000' ? NUL_MESSAGE : SURROGATE_MESSAGE;
}

function join(parent: string, key: string): string {
  const printable = key.replace(BAD_CHARACTERS, '\uFFFD');
  if (/^\d+$/.test(key)) return parent ? `${parent}[${key}]` : printable;
  return parent ? `${parent}.${printable}` : printable;
}

/**
 * The problems of parsed input that no DTO should have to think about: strings (values and keys)
 * with NUL or lone surrogates, keys such as `__proto__` or `constructor` (which the whitelist does
 * not see), and nesting deeper than MAX_INPUT_DEPTH. Iterative, so hostile
 * nesting cannot overflow the stack here; `field` is named as the validation pipe names it.
 */
export function findInputProblems(value: unknown, root = ''): FieldError[] {
  const problems: FieldError[] = [];
  // Depth-first in document order; a bad key is pushed as its problem, in place of its value.
  type Item = { value: unknown; field: string; depth: number } | { problem: FieldError };
  const stack: Item[] = [{ value, field: root, depth: 0 }];
  while (stack.length && problems.length < MAX_DETAILS) {
    const item = stack.pop()!;
    if ('problem' in item) {
      problems.push(item.problem);
      continue;
    }
    const { value: v, field, depth } = item;
    if (typeof v === 'string') {
      const message = characterProblem(v);
      if (message) problems.push({ field, message });
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_INPUT_DEPTH) {
      problems.push({ field, message: DEPTH_MESSAGE });
      continue;
    }
    const isArray = Array.isArray(v);
    const keys = isArray ? v.map((_item, i) => String(i)) : Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      const child = join(field, key);
      const keyMessage = isArray
        ? undefined
        : RESERVED_KEYS.has(key)
          ? RESERVED_KEY_MESSAGE
          : characterProblem(key);
      stack.push(
        keyMessage
          ? { problem: { field: child, message: keyMessage } }
          : { value: (v as Record<string, unknown>)[key], field: child, depth: depth + 1 },
      );
    }
  }
  return problems;
}

/** Throws the 400 (details naming each field) when findInputProblems finds anything. */
export function assertCleanInput(value: unknown, root = ''): void {
  const problems = findInputProblems(value, root);
  if (problems.length) throw CommonErrors.invalidFields(problems);
}
