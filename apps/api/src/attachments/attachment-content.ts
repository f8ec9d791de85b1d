/**
 * What an uploaded file is, from its bytes only (the name and the declared Content-Type never
 * decide): the `file-type` package reads the signatures (PDF, JPEG, PNG) and looks inside OOXML
 * zips for `[Content_Types].xml` / the main part, so a .docx, .xlsx and .pptx are told apart by
 * content and a plain zip (or a macro-enabled docm/xlsm/pptm) is not one of them. A file it does
 * not recognise is text when it has no NUL or other control bytes and decodes strictly as UTF-8 or
 * as Shift_JIS. Everything else is refused (415).
 */

export type AttachmentKind = 'pdf' | 'jpeg' | 'png' | 'docx' | 'xlsx' | 'pptx' | 'txt';

export interface DetectedContent {
  kind: AttachmentKind;
  /** The Content-Type the file is served with. */
  contentType: string;
  /** File name endings that fit the kind; the first is added to a name that has none of them. */
  extensions: readonly string[];
}

const KINDS: Record<Exclude<AttachmentKind, 'txt'>, Omit<DetectedContent, 'kind'>> = {
  pdf: { contentType: 'application/pdf', extensions: ['pdf'] },
  jpeg: { contentType: 'image/jpeg', extensions: ['jpg', 'jpeg', 'jpe'] },
  png: { contentType: 'image/png', extensions: ['png'] },
  docx: {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['docx'],
  },
  xlsx: {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extensions: ['xlsx'],
  },
  pptx: {
    contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    extensions: ['pptx'],
  },
};

/** file-type's `ext` → ours. */
const BY_FILE_TYPE_EXT: Record<string, Exclude<AttachmentKind, 'txt'>> = {
  pdf: 'pdf',
  jpg: 'jpeg',
  png: 'png',
  docx: 'docx',
  xlsx: 'xlsx',
  pptx: 'pptx',
};

const TEXT_EXTENSIONS = ['txt', 'csv', 'tsv', 'md', 'log'] as const;

type FileTypeModule = typeof import('file-type', { with: { 'resolution-mode': 'import' } });
let fileTypeModule: Promise<FileTypeModule> | undefined;

/**
 * file-type is ESM only; this CommonJS build loads it with a dynamic import (Node keeps it as
 * `import()`; under jest it is compiled to a require, see jest.config.js transformIgnorePatterns).
 */
function loadFileType(): Promise<FileTypeModule> {
  fileTypeModule ??= import('file-type');
  return fileTypeModule;
}

/** `utf-8` / `shift_jis` when the bytes are text in that encoding, else null. */
export function textCharset(data: Uint8Array): 'utf-8' | 'shift_jis' | null {
  for (const b of data) {
    // tab, LF, VT, FF, CR and the DOS end-of-file mark are the only control bytes of text
    if (
      (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0b && b !== 0x0c && b !== 0x0d && b !== 0x1a) ||
      b === 0x7f
    )
      return null;
  }
  for (const charset of ['utf-8', 'shift_jis'] as const) {
    try {
      new TextDecoder(charset, { fatal: true }).decode(data);
      return charset;
    } catch {
      /* not this one */
    }
  }
  return null;
}

/** The kind of `data`, or `{detected}` (file-type's MIME type or null) when it is not allowed. */
export async function detectContent(
  data: Uint8Array,
): Promise<{ ok: true; content: DetectedContent } | { ok: false; detected: string | null }> {
  const { fileTypeFromBuffer } = await loadFileType();
  const found = await fileTypeFromBuffer(data);
  if (found) {
    const kind = BY_FILE_TYPE_EXT[found.ext];
    if (!kind) return { ok: false, detected: found.mime };
    return { ok: true, content: { kind, ...KINDS[kind] } };
  }
  const charset = textCharset(data);
  if (!charset) return { ok: false, detected: null };
  return {
    ok: true,
    content: { kind: 'txt', contentType: `text/plain; charset=${charset}`, extensions: TEXT_EXTENSIONS },
  };
}
