// wasi:mcp `error` records (wit/types.wit) as the bindings lower them.
import { has } from './defects.js';

export function mcpError(code, message, data) {
  return { code, message, data: data === undefined ? null : JSON.stringify(data) };
}

/** Unknown tools, resources and prompts; `wrong-errors` makes them internal errors. */
export function notFound(code, message, data) {
  return mcpError(has('wrong-errors') ? 'internal-error' : code, message, data);
}

export function methodNotFound(what) {
  return mcpError('method-not-found', 'this server offers no ' + what);
}
