/** Offsets to 1-based line and column numbers (columns count UTF-16 code units, as editors do). */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x0a) this.starts.push(i + 1);
      else if (c === 0x0d) {
        if (text.charCodeAt(i + 1) === 0x0a) i++;
        this.starts.push(i + 1);
      }
    }
  }

  /** The 1-based line and column of a 0-based offset (clamped to the text). */
  locate(offset: number): {line: number; column: number} {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    const at = Math.max(0, offset);
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= at) lo = mid;
      else hi = mid - 1;
    }
    return {line: lo + 1, column: at - starts[lo] + 1};
  }

  /** The 0-based offset where a 1-based line starts. */
  lineStart(line: number): number {
    return this.starts[Math.min(Math.max(line, 1), this.starts.length) - 1];
  }

  get lineCount(): number {
    return this.starts.length;
  }
}
