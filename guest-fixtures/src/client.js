// wasi:mcp/client (wit/client.wit), for the `caller` build only. Its world
// imports the interface; the other builds' world does not, and a static
// import of an interface the world lacks fails their build. The import is
// resolved while the component is built (the module's top level runs then).
import { PROFILE } from './variant.js';

export const Session = PROFILE === 'caller' ? (await import('wasi:mcp/client@0.2.0')).Session : null;
