// jco: components transpiled to JavaScript and run in a Node with JSPI.
// Host `native` is the suite's TypeScript wasi:mcp host (hosts/jco-native),
// jco's native implementation of the interface; host `virtual` runs the
// fixture composed with the virtual host, the same bytes wasmtime runs.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Adapter, PreparedFixture, ProbeResult, RuntimeInfo, TargetProcess } from './adapter.js';
import { virtualHostCommand } from './compose.js';
import { findJspiNode } from './jspi-node.js';
import { jcoVersion, transpileCached } from './jco-transpile.js';
import { packageRoot } from './paths.js';
import { spawnTarget } from './process.js';
import { stopWarmTargets, warmTarget } from './warm-targets.js';

const RUNNERS: Record<string, string> = {
  native: join(packageRoot, 'dist', 'hosts', 'jco-native', 'main.js'),
  virtual: join(packageRoot, 'dist', 'hosts', 'jco-virtual', 'main.js'),
};

export const jcoAdapter: Adapter = {
  runtime: 'jco',
  hosts: ['native', 'virtual'],
  environment: {
    WASI_MCP_NODE: 'a Node >= 24 (JSPI) to run the host in',
    WASI_MCP_JCO_WARM: '0: every jco/native case in a Node process of its own (default: warm processes, docs/targets.md)',
  },

  async detect(): Promise<RuntimeInfo> {
    const node = await findJspiNode();
    return {
      runtime: 'jco',
      version: jcoVersion,
      binary: node.path,
      details: { node: node.version, 'node-source': node.source },
    };
  },

  async probe(): Promise<ProbeResult> {
    // A Node with JSPI runs p3 components transpiled by jco; detect() proved it.
    await findJspiNode();
    return { capabilities: ['core-wasm', 'component-model', 'p3-async', 'stdio'], missing: {} };
  },

  async prepare(fixture, host): Promise<PreparedFixture> {
    const component = host === 'virtual' ? await virtualHostCommand(fixture) : fixture.componentPath;
    if (!existsSync(component)) throw new Error(`no component for ${fixture.name} at ${component}; build it with \`npm run build:fixtures\``);
    return { fixture, artifact: await transpileCached(component) };
  },

  async start(prepared, host, options = {}): Promise<TargetProcess> {
    const node = await findJspiNode();
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      // V8's code cache for the host and the transpiled component: a start costs ~15 % less CPU.
      NODE_COMPILE_CACHE: join(packageRoot, '.cache', 'node-compile'),
      WASI_MCP_GUEST_ENV: JSON.stringify(prepared.fixture.guestEnv),
      ...options.hostEnv,
    };
    // Lazy compilation: a function of the component's core modules is compiled when first
    // called, so a start does not wait for the whole module (QuickJS is ~1.3 MB of code) to
    // be compiled on threads that a busy machine may not have free (docs/performance.md).
    const args = ['--wasm-lazy-compilation', RUNNERS[host]!];
    // The native host serves cases in warm processes, a fresh instance each, unless asked for a
    // process per case. The peers' addresses differ from case to case: they go with the session.
    // A host defect keeps a process per case: the defects were measured so, and one of them
    // (stdout-passthrough) is about the process's own stdout.
    if (host === 'native' && env.WASI_MCP_HOST_DEFECT === undefined && process.env.WASI_MCP_JCO_WARM !== '0') {
      const { WASI_MCP_PEERS, ...processEnv } = env;
      const sessionEnv: Record<string, string> = WASI_MCP_PEERS === undefined ? {} : { WASI_MCP_PEERS };
      return warmTarget({ file: node.path, args, last: prepared.artifact, cwd: packageRoot, env: processEnv }, sessionEnv);
    }
    return spawnTarget(node.path, [...args, prepared.artifact], { cwd: packageRoot, env });
  },

  close: stopWarmTargets,
};
