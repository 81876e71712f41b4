// Byte helpers and the fixed media of docs/fixtures.md ("Data"). QuickJS in
// the guest has no TextEncoder or atob.

export function utf8(text) {
  const out = [];
  for (let i = 0; i < text.length; i++) {
    let c = text.codePointAt(i);
    if (c > 0xffff) i++;
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return new Uint8Array(out);
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function fromBase64(text) {
  const out = [];
  let bits = 0;
  let acc = 0;
  for (const ch of text) {
    if (ch === '=') break;
    acc = (acc << 6) | ALPHABET.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
  }
  return new Uint8Array(out);
}

/** A 1×1 PNG (70 bytes). */
export const PNG = fromBase64(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
);

/** The header of an empty 8 kHz mono 8-bit WAV (44 bytes). */
export const WAV = fromBase64('UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQAAAAA=');

/** Bytes `from..to-1` of the sequence whose byte i is i % 251. */
export function modPattern(from, to) {
  const out = new Uint8Array(to - from);
  let v = from % 251;
  for (let i = 0; i < out.length; i++) {
    out[i] = v;
    v = v === 250 ? 0 : v + 1;
  }
  return out;
}

export function range(n) {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}
