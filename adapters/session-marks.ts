// The stderr of a warm process, split into sessions (docs/targets.md, "Warm
// processes"): a session ends with the line `<mark> <exit code>`, and what
// came before it is that session's. Bytes that may be the start of a mark are
// held back until the next chunk tells.
export type Piece = Buffer | { exit: number };

export class SessionMarks {
  private held = Buffer.alloc(0);
  private readonly mark: Buffer;

  constructor(mark: string) {
    this.mark = Buffer.from(`${mark} `);
  }

  /** The session's bytes and the ends of sessions in `chunk`, in order. */
  push(chunk: Buffer): Piece[] {
    let text = this.held.length > 0 ? Buffer.concat([this.held, chunk]) : chunk;
    const pieces: Piece[] = [];
    for (;;) {
      const at = text.indexOf(this.mark);
      const nl = at === -1 ? -1 : text.indexOf(10, at);
      if (nl === -1) break;
      if (at > 0) pieces.push(text.subarray(0, at));
      pieces.push({ exit: Number(text.subarray(at + this.mark.length, nl).toString()) });
      text = text.subarray(nl + 1);
    }
    const keep = this.heldBack(text);
    if (text.length > keep) pieces.push(text.subarray(0, text.length - keep));
    this.held = Buffer.from(text.subarray(text.length - keep));
    return pieces;
  }

  /** What was held back: at the process's exit it is the running session's. */
  rest(): Buffer {
    const r = this.held;
    this.held = Buffer.alloc(0);
    return r;
  }

  /** The length of a mark begun at the end of `text`: found without its line end, or a beginning of it. */
  private heldBack(text: Buffer): number {
    const at = text.indexOf(this.mark);
    if (at !== -1) return text.length - at;
    for (let k = Math.min(text.length, this.mark.length - 1); k > 0; k--) {
      if (text.subarray(text.length - k).equals(this.mark.subarray(0, k))) return k;
    }
    return 0;
  }
}
