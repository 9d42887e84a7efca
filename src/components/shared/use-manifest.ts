/**
 * State of a playground editor: the text (starting from the example's files, or a preset), the
 * parsed objects and diagnostics of the settled text, and how long parsing and validating took.
 */
import {useMemo, useState} from 'react';
import {parseManifests} from '../../core';
import type {Diagnostic} from '../../core';
import {joinFiles, type EmbeddedExample} from './embedded-data';
import {diagnosticsOf} from './check-exercise';
import {useDebouncedValue} from './use-debounced-value';

export function presetText(example: EmbeddedExample, preset?: string): string {
  const start = example.start ?? [];
  const presets = example.presets ?? [];
  if (!preset) return joinFiles(example, start);
  // The preset takes the place of the start files that are presets themselves.
  const base = start.filter((name) => !presets.includes(name));
  return joinFiles(example, [...base, preset]);
}

export function usePlaygroundManifest(example: EmbeddedExample): {
  value: string;
  setValue: (text: string) => void;
  settled: string;
  objects: Record<string, unknown>[];
  diagnostics: Diagnostic[];
  ms: number;
} {
  const initialPreset = (example.presets ?? []).find((p) => (example.start ?? []).includes(p));
  const [value, setValue] = useState(() => presetText(example, initialPreset));
  const settled = useDebouncedValue(value, 150);
  const {objects, diagnostics, ms} = useMemo(() => {
    const started = performance.now();
    const parsed = parseManifests(settled);
    const result = {objects: parsed.objects.map((o) => o.object), diagnostics: diagnosticsOf(settled, parsed)};
    return {...result, ms: performance.now() - started};
  }, [settled]);
  return {value, setValue, settled, objects, diagnostics, ms};
}
