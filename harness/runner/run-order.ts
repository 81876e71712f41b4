// The order a target's case runs start in. The runs that wait longest go
// first, so that none of them ends the run alone; the runs with no wait of
// their own are spread evenly between them, so that while some jobs wait the
// others have work for the processor, instead of all waiting at the start and
// all competing for it at the end.
export function runOrder(waits: readonly number[]): number[] {
  const waiting = waits.map((_, i) => i).filter((i) => waits[i]! > 0);
  waiting.sort((a, b) => waits[b]! - waits[a]! || a - b);
  const quick = waits.map((_, i) => i).filter((i) => !(waits[i]! > 0));
  if (waiting.length === 0) return quick;
  const order: number[] = [];
  let q = 0;
  waiting.forEach((i, k) => {
    order.push(i);
    const due = Math.floor(((k + 1) * quick.length) / waiting.length);
    while (q < due) order.push(quick[q++]!);
  });
  return order;
}
