// Content blocks and tool results (wit/types.wit) as the bindings lower them.
import { PNG, WAV, range, utf8 } from './bytes.js';
import { HELLO } from './catalog.js';

export const HELLO_TEXT = 'Hello from a wasi:mcp fixture.\n';

export function text(value, annotations) {
  return { tag: 'text', val: { text: value, annotations: annotations || null, meta: null } };
}

export function image() {
  return { tag: 'image', val: { data: PNG, mimeType: 'image/png', annotations: null, meta: null } };
}

function audio() {
  return { tag: 'audio', val: { data: WAV, mimeType: 'audio/wav', annotations: null, meta: null } };
}

export function embeddedHello() {
  return {
    tag: 'resource',
    val: {
      contents: { uri: HELLO.uri, mimeType: 'text/plain', kind: 'text', data: utf8(HELLO_TEXT), meta: null },
      annotations: null,
      meta: null,
    },
  };
}

export function toolResult(content, isError, structured, meta) {
  return {
    content,
    structuredContent: structured === undefined ? null : JSON.stringify(structured),
    isError: !!isError,
    meta: meta === undefined ? null : JSON.stringify(meta),
  };
}

export function textResult(value, isError, structured) {
  return toolResult([text(value)], isError, structured);
}

export function gallery() {
  return toolResult([
    text('A gallery of content.', { audience: ['user'], priority: 0.9, lastModified: null }),
    image(),
    audio(),
    { tag: 'resource-link', val: HELLO },
    embeddedHello(),
    {
      tag: 'resource',
      val: {
        contents: { uri: 'fixture://binary/bytes.bin', mimeType: 'application/octet-stream', kind: 'blob', data: range(16), meta: null },
        annotations: { audience: ['assistant'], priority: null, lastModified: null },
        meta: null,
      },
    },
  ], false, undefined, { 'com.example.fixture/kind': 'gallery' });
}
