// The suite's fixture server (docs/fixtures.md): a wasi:mcp@0.2.0 server
// component written for componentize-qjs (QuickJS). One source builds four
// fixtures; guest-fixtures/build.mjs switches the constants in variant.js:
// `reference` as is, `minimal` with PROFILE = 'minimal', `caller` with
// PROFILE = 'caller' (its world also imports wasi:mcp/client), `mutant` with
// DEFECTS_ENABLED = true.
//
// QuickJS guest rules (TOOLCHAIN.md): no console, setTimeout, TextEncoder;
// u64 values are JS numbers; an uncaught exception traps the instance, so
// every background task catches everything.
import { getStdout } from 'wasi:cli/stdout@0.2.12';
import { utf8 } from './bytes.js';
import { TEMPLATES, prompts, resources, tools } from './catalog.js';
import { openChanges } from './changes.js';
import { complete } from './completion.js';
import { defect, has, knownDefect } from './defects.js';
import { mcpError, methodNotFound } from './errors.js';
import { page, singlePage } from './pages.js';
import { getPrompt } from './prompts.js';
import { readResource } from './resources.js';
import { callTool } from './tools.js';
import { PROFILE } from './variant.js';

const MINIMAL = PROFILE === 'minimal';
const CALLER = PROFILE === 'caller';
// The profiles that offer tools only, in one page without a cache hint.
const TOOLS_ONLY = MINIMAL || CALLER;
const LIST_CACHE = { ttlMs: 60000, scope: 'public' };

function describe() {
  if (!knownDefect()) {
    throw mcpError('internal-error', 'unknown WASI_MCP_FIXTURE_DEFECT: ' + defect(), { defect: defect() });
  }
  if (has('stdout-garbage')) {
    getStdout().blockingWriteAndFlush(utf8('this line is not JSON-RPC (stdout-garbage defect)\n'));
  }
  if (TOOLS_ONLY) {
    return {
      info: {
        name: CALLER ? 'wasi-mcp-caller-fixture' : 'wasi-mcp-minimal-fixture',
        version: '0.2.0',
        title: null,
        description: null,
        websiteUrl: null,
      },
      capabilities: { tools: { listChanged: false }, resources: null, prompts: null, logging: false, completions: false, extensions: null },
      instructions: null,
      cache: null,
    };
  }
  const bad = has('bad-describe');
  return {
    info: {
      name: bad ? 'someone-else' : 'wasi-mcp-reference-fixture',
      version: '0.2.0',
      title: 'Reference fixture',
      description: 'The reference server of wasi-mcp-conformance.',
      websiteUrl: null,
    },
    capabilities: {
      tools: bad ? null : { listChanged: true },
      resources: { subscribe: true, listChanged: true },
      prompts: { listChanged: true },
      logging: true,
      completions: true,
      extensions: null,
    },
    instructions: bad ? null : 'Reference fixture of wasi-mcp-conformance.',
    cache: { ttlMs: 60000, scope: 'public' },
  };
}

export const server = {
  async describe(context) {
    return describe();
  },

  async listTools(context, cursor) {
    if (TOOLS_ONLY) return { tools: singlePage(tools(), cursor), nextCursor: null, cache: null };
    const p = page(tools(), 'tools', 4, cursor);
    return { tools: p.items, nextCursor: p.nextCursor, cache: LIST_CACHE };
  },

  async listResources(context, cursor) {
    if (TOOLS_ONLY) throw methodNotFound('resources');
    const p = page(resources(), 'resources', 2, cursor);
    return { resources: p.items, nextCursor: p.nextCursor, cache: { ttlMs: 30000, scope: 'public' } };
  },

  async listResourceTemplates(context, cursor) {
    if (TOOLS_ONLY) throw methodNotFound('resources');
    const p = page(TEMPLATES, 'templates', 1, cursor);
    return { resourceTemplates: p.items, nextCursor: p.nextCursor, cache: LIST_CACHE };
  },

  async listPrompts(context, cursor) {
    if (TOOLS_ONLY) throw methodNotFound('prompts');
    const p = page(prompts(), 'prompts', 2, cursor);
    return { prompts: p.items, nextCursor: p.nextCursor, cache: LIST_CACHE };
  },

  async getPrompt(context, name, args, retry) {
    if (TOOLS_ONLY) throw methodNotFound('prompts');
    return getPrompt(context, name, args, retry);
  },

  async complete(context, ref, argument, resolved) {
    if (TOOLS_ONLY) throw methodNotFound('completions');
    return complete(context, ref, argument, resolved);
  },

  async changes() {
    return openChanges();
  },
};

export const streaming = {
  async callTool(context, name, args, retry, cancel) {
    return callTool(context, name, args, retry, cancel);
  },

  async readResource(context, uri, retry, cancel) {
    if (TOOLS_ONLY) {
      try { cancel.drop(); } catch (e) { /* already gone */ }
      throw methodNotFound('resources');
    }
    return readResource(context, uri, retry, cancel);
  },
};
