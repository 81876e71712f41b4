// wasi:cli/stdout (0.2.12 and 0.3.0) for a server component, served by the
// process's stderr: the component's own writes to stdout never reach the MCP
// stream.
#include "stdout_redirect.h"

exports_wasi_cli_0_2_12_stdout_own_output_stream_t exports_wasi_cli_0_2_12_stdout_get_stdout(void) {
  return wasi_cli_0_2_12_stderr_get_stderr();
}

exports_wasi_cli_0_3_0_stdout_future_result_void_error_code_t exports_wasi_cli_0_3_0_stdout_write_via_stream(
    exports_wasi_cli_0_3_0_stdout_stream_u8_t data) {
  return wasi_cli_0_3_0_stderr_write_via_stream(data);
}
