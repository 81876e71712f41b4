// What the guest may see of the host process (docs/targets.md, "Process"),
// set up before the component is loaded: only the environment it was given,
// no filesystem (preview2-shim preopens `/` by default; preview3-shim
// preopens nothing, and is told so), no network (both shims hand a guest
// Node's sockets and name lookup unless told otherwise), and for the native
// host a stdout that is the process's stderr, for the p2 and the p3
// `wasi:cli` alike, so that the MCP stream carries MCP messages only.
import { readFileSync } from 'node:fs';
import { defect } from './defects.js';

export interface GuestSandbox {
  /** The guest's whole environment. */
  env: Record<string, string>;
  /** Leave preview2-shim's preopen of `/` in place (only for the suite's own defect). */
  keepPreopens?: boolean;
  /** Leave the shims' sockets and name lookup open (only for the suite's own defect). */
  openNetwork?: boolean;
  /**
   * Let the guest open TCP connections (never UDP, never name lookup): only
   * for a host component that reaches its peers through them, as wasmtime's
   * adapter allows a target with peers.
   */
  tcp?: boolean;
}

// The Node builds of the shims, which the browser typings the compiler picks up do not describe.
interface Sockets2 {
  _denyTcp(): void;
  _denyUdp(): void;
  _denyDnsLookup(): void;
}
interface Sockets3 {
  types: { TcpSocket: { create(family: unknown): unknown }; UdpSocket: { create(family: unknown): unknown } };
  ipNameLookup: { resolveAddresses(name: string): Promise<unknown> };
}

/** The error a sealed socket call fails with, in the shape jco lowers into a WASI error code. */
function accessDenied(): Error {
  return Object.assign(new Error('access-denied'), { payload: { tag: 'access-denied' } });
}

/**
 * The shim modules a transpiled component imports, read from its entry
 * module: a guest reaches no other, so only these need sealing (loading the
 * others would only slow every start). Unreadable: every shim.
 */
function shimsImportedBy(modulePath: string | undefined): (shim: string) => boolean {
  let text: string;
  try {
    text = readFileSync(modulePath ?? '', 'utf8');
  } catch {
    return () => true;
  }
  const imported = new Set([...text.matchAll(/from ['"](@bytecodealliance\/preview[23]-shim\/[a-z]+)['"]/g)].map((m) => m[1]));
  return (shim) => imported.has(shim);
}

/**
 * Seals jco's WASI shims (both releases) for the transpiled component at
 * modulePath, before it is loaded in this process.
 */
export async function sealWasiShims(modulePath: string | undefined, sandbox: GuestSandbox): Promise<void> {
  const uses = shimsImportedBy(modulePath);
  const cli = await import('@bytecodealliance/preview2-shim/cli');
  // preview3-shim's environment is preview2-shim's: one call sets both.
  cli._setEnv(sandbox.env);
  if (!sandbox.keepPreopens) {
    if (uses('@bytecodealliance/preview2-shim/filesystem')) (await import('@bytecodealliance/preview2-shim/filesystem'))._clearPreopens();
    if (uses('@bytecodealliance/preview3-shim/filesystem')) (await import('@bytecodealliance/preview3-shim/filesystem'))._setPreopens({});
  }
  if (sandbox.openNetwork) return;
  if (uses('@bytecodealliance/preview2-shim/sockets')) {
    const sockets = (await import('@bytecodealliance/preview2-shim/sockets')) as unknown as Sockets2;
    if (!sandbox.tcp) sockets._denyTcp();
    sockets._denyUdp();
    sockets._denyDnsLookup();
  }
  if (uses('@bytecodealliance/preview3-shim/sockets')) {
    // preview3-shim has no switch: the sockets it must not give cannot be created, and no name looked up.
    const sockets3 = (await import('@bytecodealliance/preview3-shim/sockets')) as unknown as Sockets3;
    if (!sandbox.tcp) {
      sockets3.types.TcpSocket.create = () => {
        throw accessDenied();
      };
    }
    sockets3.types.UdpSocket.create = () => {
      throw accessDenied();
    };
    sockets3.ipNameLookup.resolveAddresses = () => Promise.reject(accessDenied());
  }
}

/**
 * The native host's guest: WASI_MCP_GUEST_ENV, nothing else of the host,
 * stdout to stderr. modulePath: the transpiled component the host serves
 * (main.ts's argument).
 */
export async function confineGuest(modulePath: string | undefined = process.argv[2]): Promise<void> {
  const env = defect('leak-host-env') ? { ...process.env } : (JSON.parse(process.env.WASI_MCP_GUEST_ENV ?? '{}') as Record<string, string>);
  await sealWasiShims(modulePath, { env: env as Record<string, string>, keepPreopens: defect('keep-preopens'), openNetwork: defect('open-network') });
  if (!defect('stdout-passthrough')) {
    const cli = await import('@bytecodealliance/preview2-shim/cli');
    const cli3 = await import('@bytecodealliance/preview3-shim/cli');
    cli._setStdout(cli.stderr.getStderr());
    cli3.stdout.writeViaStream = cli3.stderr.writeViaStream;
  }
}
