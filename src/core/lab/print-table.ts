/**
 * kubectl's tables: Go's text/tabwriter as kubectl configures it (printers.GetNewTabWriter:
 * minwidth 0, tabwidth 8, padding 3, pad with spaces, no flags), and ages as
 * k8s.io/apimachinery pkg/util/duration HumanDuration writes them.
 */

/**
 * Go's text/tabwriter (format and writeLines): a cell ends at a tab; consecutive lines that have a
 * cell in a column form a block whose cells are padded to the widest + `padding`; the text after
 * a line's last tab is never padded. kubectl's printers use padding 3, describe uses 2.
 */
export function tabwriteText(text: string, padding = 3, minwidth = 0): string {
  const trailingNewline = text.endsWith('\n');
  const lines = (trailingNewline ? text.slice(0, -1) : text).split('\n').map((l) => l.split('\t'));
  const width = (s: string) => [...s].length;
  const out: string[] = [];
  const widths: number[] = [];
  const writeLines = (line0: number, line1: number) => {
    for (let i = line0; i < line1; i++) {
      const cells = lines[i];
      let text2 = '';
      cells.forEach((c, j) => {
        text2 += c;
        if (j < widths.length && j < cells.length - 1) text2 += ' '.repeat(Math.max(0, widths[j] - width(c)));
      });
      out.push(text2);
    }
  };
  const format = (line0: number, line1: number) => {
    const column = widths.length;
    for (let cur = line0; cur < line1; cur++) {
      if (column >= lines[cur].length - 1) continue;
      writeLines(line0, cur);
      line0 = cur;
      let w = minwidth;
      for (; cur < line1; cur++) {
        if (column >= lines[cur].length - 1) break;
        w = Math.max(w, width(lines[cur][column]) + padding);
      }
      widths.push(w);
      format(line0, cur);
      widths.pop();
      line0 = cur;
      cur--;
    }
    writeLines(line0, line1);
  };
  format(0, lines.length);
  return out.join('\n') + (trailingNewline ? '\n' : '');
}

/** Rows of cells as kubectl's table printer writes them (cells joined by tabs, padding 3). */
export function tabwrite(rows: readonly (readonly string[])[], padding = 3, minwidth = 0): string {
  if (rows.length === 0) return '';
  return tabwriteText(rows.map((r) => `${r.join('\t')}\n`).join(''), padding, minwidth);
}

/** duration.HumanDuration. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.floor(hours / 24) % 365;
    return dy === 0 ? `${Math.floor(hours / 24 / 365)}y` : `${Math.floor(hours / 24 / 365)}y${dy}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

/** The AGE of an object created at `timestamp`, seen at `now`. */
export function age(timestamp: unknown, now: Date): string {
  if (typeof timestamp !== 'string') return '<unknown>';
  const t = Date.parse(timestamp);
  if (Number.isNaN(t)) return '<unknown>';
  return humanDuration(now.getTime() - t);
}
