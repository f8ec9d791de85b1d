/**
 * The file name to keep: as the user's browser sent it, made safe. Multipart file names reach
 * multer as bytes; the upload interceptor asks busboy for UTF-8 (`defParamCharset`), and a name
 * that still arrives as Latin-1 mojibake of UTF-8 (an old client) is decoded back here. Path parts,
 * control and path characters are removed, the name is NFC (macOS sends NFD: が as か + ゛), at most
 * 200 characters, and it ends in an extension that fits the content (`a.exe` holding a PDF is
 * kept as `a.exe.pdf`, so the saved file never opens as something else).
 */

const PATH_CHARS = /[\\/:*?"<>|]/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const MAX_LENGTH = 200;

/** Latin-1 read of UTF-8 bytes (`æ\u009d\u00b1` for 東) back to the characters. */
export function repairLatin1(name: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[\u0080-\u00ff]/.test(name) || /[^\u0000-\u00ff]/.test(name)) return name;
  const decoded = Buffer.from(name, 'latin1').toString('utf8');
  return decoded.includes('\ufffd') ? name : decoded;
}

export function safeFileName(raw: string | undefined, extensions: readonly string[]): string {
  let name = repairLatin1(raw ?? '').normalize('NFC');
  name = name.split(/[\\/]/).pop() ?? '';
  name = name.replace(CONTROL, '').replace(PATH_CHARS, '_').trim();
  name = name.replace(/^\.+/, '').trim();
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  if (!name) name = 'file';
  if (!extensions.includes(ext)) name = `${name}.${extensions[0]}`;
  if ([...name].length > MAX_LENGTH) {
    const suffix = name.slice(name.lastIndexOf('.'));
    name = [...name].slice(0, MAX_LENGTH - [...suffix].length).join('') + suffix;
  }
  return name;
}
