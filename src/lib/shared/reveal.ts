// Splits text for display so that invisible and control characters become visible marks and a
// diagnostic's span can be highlighted. The UI renders the segments as text, never as HTML.

import { findInvisible } from './invisible.ts';
import type { Span } from '../diagnostics/model.ts';

export interface TextSegment {
  text: string;
  /** Set when the segment is one invisible/control character: its `U+XXXX`. */
  codePoint?: string;
  /** Inside the highlighted span. */
  marked: boolean;
  start: number;
}

/** Upper bound on characters shown, so 64 KB of hostile TXT does not freeze the page. */
export const MAX_REVEAL_CHARS = 4096;

export function revealSegments(text: string, highlight?: Span, max = MAX_REVEAL_CHARS): TextSegment[] {
  const shown = text.length > max ? text.slice(0, max) : text;
  const cuts = new Set<number>([0, shown.length]);
  const invisible = new Map<number, { codePoint: string; length: number }>();
  for (const c of findInvisible(shown)) {
    invisible.set(c.index, { codePoint: c.codePoint, length: c.char.length });
    cuts.add(c.index).add(c.index + c.char.length);
  }
  if (highlight) {
    cuts.add(Math.max(0, Math.min(highlight.start, shown.length)));
    cuts.add(Math.max(0, Math.min(highlight.end, shown.length)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const segments: TextSegment[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const start = points[i];
    const end = points[i + 1];
    if (start === end) continue;
    const marked =
      !!highlight && start >= highlight.start && end <= highlight.end && highlight.end > highlight.start;
    const inv = invisible.get(start);
    segments.push({ text: shown.slice(start, end), codePoint: inv?.codePoint, marked, start });
  }
  return segments;
}
