// Newline-delimited framing, as the MCP stdio transport uses it: feeds
// chunks in, calls back once per complete non-blank line (a trailing \r is
// dropped). Shared by the harness's client and the TypeScript host.
export function lineSplitter(onLine: (line: string) => void): (chunk: string) => void {
  let buffer = '';
  return (chunk) => {
    buffer += chunk;
    for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
      const line = buffer.slice(0, nl).replace(/\r$/, '');
      buffer = buffer.slice(nl + 1);
      if (line.trim() !== '') onLine(line);
    }
  };
}
