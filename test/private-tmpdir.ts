// Every test run gets a temporary folder of its own, removed when the run
// ends: the report folders, case folders and sockets the tests make go there
// (os.tmpdir() follows TMPDIR) instead of piling up in the system's.
// WASI_MCP_KEEP_TEST_TMP=1 keeps it for a look after a failure.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'wmc-tests-'));
  process.env.TMPDIR = dir;
  return () => {
    if (process.env.WASI_MCP_KEEP_TEST_TMP === '1') process.stdout.write(`test files kept in ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  };
}
