// The component's `describe`: capabilities are a property of the component
// (wit/README.md, "Stateless calls"), so the first answer decides which
// methods the server offers and what `serverInfo` says; `server/discover`
// and `initialize` still call `describe` for their own answer.
import type { Guest, RequestContext, ServerConfig } from './guest.js';

export class ComponentConfig {
  private first: Promise<ServerConfig> | undefined;

  constructor(private readonly guest: Guest) {}

  /** A fresh `describe` for this request; the first success is kept. */
  async describe(context: RequestContext): Promise<ServerConfig> {
    const config = await this.guest.server.describe(context);
    this.first ??= Promise.resolve(config);
    return config;
  }

  /** The kept configuration, asking the component (with this request's context) if there is none yet. */
  config(context: RequestContext): Promise<ServerConfig> {
    if (!this.first) {
      const asked = this.guest.server.describe(context);
      this.first = asked;
      // A failed describe is not kept: the next request asks again.
      asked.catch(() => {
        if (this.first === asked) this.first = undefined;
      });
    }
    return this.first;
  }
}
