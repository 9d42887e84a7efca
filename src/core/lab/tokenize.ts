/**
 * A command line to words, as a POSIX shell splits it before kubectl sees it: blanks separate
 * words, '...' keeps everything literally, "..." keeps blanks and lets \" \\ \$ \` escape, a
 * backslash outside quotes escapes the next character. Shell operators (| ; & > < and $( ))
 * outside quotes are reported, not run: the lab runs one kubectl command at a time.
 */

export interface Tokens {
  words: string[];
  /** An unquoted shell operator the lab does not run, e.g. "|". */
  operator?: string;
  /** A quote left open. */
  unterminated?: '"' | "'";
}

export function tokenize(line: string): Tokens {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let i = 0;
  const n = line.length;
  while (i < n) {
    const c = line[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
      i++;
      continue;
    }
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return {words, unterminated: "'"};
      current += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
      continue;
    }
    if (c === '"') {
      i++;
      let closed = false;
      while (i < n) {
        const d = line[i];
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        if (d === '\\' && i + 1 < n && '"\\$`\n'.includes(line[i + 1])) {
          if (line[i + 1] !== '\n') current += line[i + 1];
          i += 2;
          continue;
        }
        current += d;
        i++;
      }
      if (!closed) return {words, unterminated: '"'};
      inWord = true;
      continue;
    }
    if (c === '\\') {
      if (i + 1 < n) {
        if (line[i + 1] !== '\n') {
          current += line[i + 1];
          inWord = true;
        }
        i += 2;
      } else i++;
      continue;
    }
    if (c === '|' || c === ';' || c === '&' || c === '>' || c === '<' || c === '`' || (c === '$' && line[i + 1] === '(')) {
      const op = c === '$' ? '$(' : c === '&' && line[i + 1] === '&' ? '&&' : c === '|' && line[i + 1] === '|' ? '||' : c;
      return {words, operator: op};
    }
    if (c === '#' && !inWord) break;
    current += c;
    inWord = true;
    i++;
  }
  if (inWord) words.push(current);
  return {words};
}
