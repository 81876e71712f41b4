// What the guest may see of the host process, set up before the component
// is loaded: only the environment it was given (WASI_MCP_GUEST_ENV), no
// filesystem (preview2-shim preopens `/` by default; preview3-shim preopens
// nothing), and a stdout that is the process's stderr, for the p2 and the p3
// `wasi:cli` alike, so that the MCP stream carries MCP messages only.
import { defect } from './defects.js';

export async function confineGuest(): Promise<void> {
  const cli = await import('@bytecodealliance/preview2-shim/cli');
  const filesystem = await import('@bytecodealliance/preview2-shim/filesystem');
  const cli3 = await import('@bytecodealliance/preview3-shim/cli');
  const env = defect('leak-host-env') ? { ...process.env } : (JSON.parse(process.env.WASI_MCP_GUEST_ENV ?? '{}') as Record<string, string>);
  // preview3-shim's environment is preview2-shim's: one call sets both.
  cli._setEnv(env as Record<string, string>);
  if (!defect('keep-preopens')) filesystem._clearPreopens();
  if (!defect('stdout-passthrough')) {
    cli._setStdout(cli.stderr.getStderr());
    cli3.stdout.writeViaStream = cli3.stderr.writeViaStream;
  }
}
