// wasi:cli/stdout@0.2.12 for a server component, served by the process's
// stderr: the component's own writes to stdout never reach the MCP stream.
#include "stdout_redirect.h"

exports_wasi_cli_stdout_own_output_stream_t exports_wasi_cli_stdout_get_stdout(void) {
  return wasi_cli_stderr_get_stderr();
}
