/**
 * Decoding mcp.yaml (and referenced schema files) as strict UTF-8. Node's `readFile(f, 'utf8')` silently turns
 * invalid bytes into U+FFFD, which would end up in names, descriptions and generated code; here the first
 * invalid byte is an error at its line and column instead.
 */

/** Decoded text, and where the first byte that is not UTF-8 sits (`offset` counts characters of `text`, which holds U+FFFD there). */
export interface Decoded {
  readonly text: string;
  readonly invalid?: { readonly offset: number; readonly line: number; readonly col: number; readonly message: string };
}

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lossy = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/**
 * Decodes bytes as UTF-8; a leading BOM is kept (the YAML parsers skip it).
 *
 * @example
 * decodeUtf8(Buffer.from([0x61, 0xff])).invalid // { offset: 1, line: 1, col: 2, message: 'is not valid UTF-8: byte 0xff at line 1, column 2; ...' }
 */
export function decodeUtf8(bytes: Uint8Array): Decoded {
  try {
    return { text: strict.decode(bytes) };
  } catch {
    const byteOffset = firstInvalidByte(bytes);
    const before = lossy.decode(bytes.subarray(0, byteOffset));
    const lastBreak = before.lastIndexOf('\n');
    const line = before.split('\n').length;
    const col = before.length - lastBreak;
    const byte = bytes[byteOffset] ?? 0;
    const utf16 = bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
    const message = utf16
      ? 'is UTF-16; save it as UTF-8'
      : `is not valid UTF-8: byte 0x${byte.toString(16).padStart(2, '0')} at line ${line}, column ${col}; save the file as UTF-8`;
    return { text: lossy.decode(bytes), invalid: { offset: before.length, line, col, message } };
  }
}

/** Index of the first byte that does not belong to a well-formed UTF-8 sequence (RFC 3629). */
function firstInvalidByte(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i] as number;
    if (c < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let min: number;
    let max = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) [n, min] = [1, 0x80];
    else if (c === 0xe0) [n, min] = [2, 0xa0];
    else if (c === 0xed) [n, min, max] = [2, 0x80, 0x9f]; // no UTF-16 surrogates
    else if (c >= 0xe1 && c <= 0xef) [n, min] = [2, 0x80];
    else if (c === 0xf0) [n, min] = [3, 0x90];
    else if (c === 0xf4) [n, min, max] = [3, 0x80, 0x8f];
    else if (c >= 0xf1 && c <= 0xf3) [n, min] = [3, 0x80];
    else return i;
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      if (d === undefined || d < (k === 1 ? min : 0x80) || d > (k === 1 ? max : 0xbf)) return i;
    }
    i += n + 1;
  }
  return b.length;
}
