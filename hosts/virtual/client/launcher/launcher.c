// The command of a composition with a client provider (wit/client-provider.wit,
// world `launcher`): starts the provider's driver, then the virtual host's
// `run`; when the host's run returns, cancels the driver and returns the
// host's result. The driver cannot be started by the provider itself: its
// wasi:mcp/client functions are synchronous, and a synchronous call cannot
// leave a task running behind it.
#include "launcher.h"

static launcher_waitable_set_t set;
static launcher_subtask_t driver, host;
static wasi_cli_run_result_void_void_t host_result;
static bool host_returned;

static launcher_callback_code_t finish(void) {
  exports_wasi_cli_run_run_return((exports_wasi_cli_run_result_void_void_t){host_result.is_err});
  return LAUNCHER_CALLBACK_CODE_EXIT;
}

/** The host's run has returned: stop the driver, then finish. */
static launcher_callback_code_t host_done(void) {
  host_returned = true;
  if (!driver) return finish();
  launcher_waitable_join(driver, 0);  // a waitable in a set cannot be cancelled synchronously
  launcher_subtask_status_t st = launcher_subtask_cancel(driver);
  if (st == (launcher_subtask_status_t)-1) {
    launcher_waitable_join(driver, set);  // it will report
    return LAUNCHER_CALLBACK_CODE_WAIT(set);
  }
  launcher_subtask_drop(driver);
  driver = 0;
  return finish();
}

launcher_callback_code_t exports_wasi_cli_run_run(void) {
  set = launcher_waitable_set_new();
  launcher_subtask_status_t st = wasi_mcp_conformance_client_provider_driver_run();
  if (LAUNCHER_SUBTASK_STATE(st) != LAUNCHER_SUBTASK_RETURNED) {
    driver = LAUNCHER_SUBTASK_HANDLE(st);
    launcher_waitable_join(driver, set);
  }
  st = wasi_cli_run_run(&host_result);
  if (LAUNCHER_SUBTASK_STATE(st) == LAUNCHER_SUBTASK_RETURNED) return host_done();
  host = LAUNCHER_SUBTASK_HANDLE(st);
  launcher_waitable_join(host, set);
  return LAUNCHER_CALLBACK_CODE_WAIT(set);
}

launcher_callback_code_t exports_wasi_cli_run_run_callback(launcher_event_t *event) {
  if (event->event != LAUNCHER_EVENT_SUBTASK) return LAUNCHER_CALLBACK_CODE_WAIT(set);
  launcher_subtask_state_t state = (launcher_subtask_state_t)event->code;
  bool ended = state == LAUNCHER_SUBTASK_RETURNED || state == LAUNCHER_SUBTASK_RETURNED_CANCELLED ||
               state == LAUNCHER_SUBTASK_STARTED_CANCELLED;
  if (!ended) return LAUNCHER_CALLBACK_CODE_WAIT(set);
  if (event->waitable == host) {
    launcher_waitable_join(host, 0);
    launcher_subtask_drop(host);
    host = 0;
    return host_done();
  }
  if (event->waitable == driver) {
    // The driver ended (cancelled, or on its own): the host keeps running without it.
    launcher_waitable_join(driver, 0);
    launcher_subtask_drop(driver);
    driver = 0;
    if (host_returned) return finish();
  }
  return LAUNCHER_CALLBACK_CODE_WAIT(set);
}
