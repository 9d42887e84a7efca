/**
 * A table of yes/no verdicts, one button a cell: the NetworkPolicy playground's connection table
 * (rows: sources, columns: destinations) and the RBAC playground's access matrix (rows:
 * resources, columns: verbs). A cell shows ✓ or ✗, says its verdict in words to a screen reader
 * and, clicked, asks its playground to explain it; a cell without a verdict (a pod and itself)
 * shows a dash.
 */
import React from 'react';
import styles from './checker.module.css';

export interface VerdictCell {
  key: string;
  /** undefined: no verdict here (the cell shows a dash, `label` is read out). */
  allowed?: boolean;
  /** What a screen reader says: the question and the verdict in words. */
  label: string;
  pressed?: boolean;
  /** data-* attributes the page's tests find the cell by. */
  data?: Record<`data-${string}`, string>;
  onSelect?: () => void;
}

export interface VerdictRow {
  key: string;
  header: React.ReactNode;
  data?: Record<`data-${string}`, string>;
  cells: VerdictCell[];
}

export default function VerdictMatrix({
  testId,
  caption,
  corner,
  columns,
  rows,
}: {
  testId: string;
  caption: React.ReactNode;
  corner: React.ReactNode;
  columns: {key: string; header: React.ReactNode}[];
  rows: VerdictRow[];
}): React.JSX.Element {
  return (
    <div className={styles.tableWrap}>
      <table className={styles.matrix} data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{corner}</th>
            {columns.map((c) => (
              <th key={c.key} scope="col">
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} {...row.data}>
              <th scope="row">{row.header}</th>
              {row.cells.map((c) =>
                c.allowed === undefined ? (
                  <td key={c.key} className={styles.self} aria-label={c.label}>
                    —
                  </td>
                ) : (
                  <td key={c.key}>
                    <button
                      type="button"
                      className={`${styles.cellButton} ${c.allowed ? styles.allowed : styles.denied}`}
                      aria-pressed={c.pressed}
                      aria-label={c.label}
                      data-allowed={String(c.allowed)}
                      {...c.data}
                      onClick={c.onSelect}>
                      {c.allowed ? '✓' : '✗'}
                    </button>
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
