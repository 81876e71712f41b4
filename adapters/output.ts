// A runtime's own words, shortened for a one-line reason: the meaningful
// lines of what it printed (anyhow-style "Caused by:" chains folded in).
export function runtimeMessage(output: string, maxLines = 4): string {
  return output
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && l !== 'Caused by:')
    .slice(0, maxLines)
    .join(' | ');
}
