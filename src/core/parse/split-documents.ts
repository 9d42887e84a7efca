/**
 * Splits a manifest into YAML documents the way kubectl does.
 *
 * kubectl reads a stream with k8s.io/apimachinery/pkg/util/yaml YAMLReader.Read: a line that
 * starts with `---` ends a document when the rest of the line is empty or a comment; a line that
 * starts with `---` followed by anything else is "invalid Yaml document separator". Every
 * document is then parsed on its own, so one broken document does not hide the others.
 */
export interface DocumentChunk {
  /** 0-based index among the documents of the text. */
  index: number;
  /** 0-based offset of the chunk in the whole text. */
  offset: number;
  text: string;
}

export interface SplitResult {
  chunks: DocumentChunk[];
  /** `---` lines followed by content: 0-based offsets of those lines. */
  badSeparators: number[];
}

export function splitDocuments(text: string): SplitResult {
  const chunks: DocumentChunk[] = [];
  const badSeparators: number[] = [];
  let chunkStart = 0;
  let lineStart = 0;
  const push = (end: number) => {
    chunks.push({index: chunks.length, offset: chunkStart, text: text.slice(chunkStart, end)});
  };
  while (lineStart <= text.length) {
    let lineEnd = lineStart;
    while (lineEnd < text.length && text.charCodeAt(lineEnd) !== 0x0a && text.charCodeAt(lineEnd) !== 0x0d) lineEnd++;
    let next = lineEnd;
    if (text.charCodeAt(next) === 0x0d) next++;
    if (text.charCodeAt(next) === 0x0a) next++;
    if (text.startsWith('---', lineStart)) {
      const rest = text.slice(lineStart + 3, lineEnd).trim();
      if (rest === '' || rest.startsWith('#')) {
        push(lineStart);
        chunkStart = next;
      } else {
        badSeparators.push(lineStart);
        push(lineStart);
        chunkStart = next;
      }
    }
    if (next === lineStart || next > text.length) break;
    lineStart = next;
    if (lineStart === text.length) break;
  }
  push(text.length);
  return {chunks, badSeparators};
}
