/**
 * A bound on the output: at most DIAGNOSTICS_PER_CODE diagnostics of one code, then one
 * DIAGNOSTICS_OMITTED diagnostic ("and N more") in their place. Four megabytes of `---x` lines
 * would otherwise be 800,000 diagnostics (hundreds of megabytes) for a page to hold and draw; the
 * first hundred say everything a reader can act on.
 */
import type {Diagnostic} from './diagnostics';

/** Diagnostics kept per code before the rest become one DIAGNOSTICS_OMITTED. */
export const DIAGNOSTICS_PER_CODE = 100;

/** "and `count` more diagnostics of `code`", at `where`. */
export function omitted(code: string, count: number, where: {line?: number; column?: number} = {}): Diagnostic {
  const d: Diagnostic = {code: 'DIAGNOSTICS_OMITTED', severity: 'warning', params: {code, count}};
  if (where.line !== undefined) d.line = where.line;
  if (where.column !== undefined) d.column = where.column;
  return d;
}

/**
 * The first `perCode` diagnostics of each code, in their order, and for each code with more one
 * DIAGNOSTICS_OMITTED warning (params: code, count), placed where its first omitted one was.
 * DIAGNOSTICS_OMITTED diagnostics already in the list (a producer that never built the rest)
 * count towards the same summary, so applying this twice changes nothing.
 */
export function limitDiagnostics(diagnostics: readonly Diagnostic[], perCode: number = DIAGNOSTICS_PER_CODE): Diagnostic[] {
  const kept = new Map<string, number>();
  const summaries = new Map<string, Diagnostic>();
  const out: Diagnostic[] = [];
  const addOmitted = (code: string, count: number, where: Diagnostic) => {
    const summary = summaries.get(code);
    if (summary) summary.params!.count = (summary.params!.count as number) + count;
    else {
      const s = omitted(code, count, where);
      summaries.set(code, s);
      out.push(s);
    }
  };
  for (const d of diagnostics) {
    if (d.code === 'DIAGNOSTICS_OMITTED' && typeof d.params?.code === 'string' && typeof d.params.count === 'number') {
      addOmitted(d.params.code, d.params.count, d);
      continue;
    }
    const n = (kept.get(d.code) ?? 0) + 1;
    if (n <= perCode) {
      kept.set(d.code, n);
      out.push(d);
    } else addOmitted(d.code, 1, d);
  }
  return out;
}
