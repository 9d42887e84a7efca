/**
 * State of a playground editor: the text (starting from the example's files, or a preset), the
 * parsed objects and diagnostics of the settled text (judged in the engine's worker,
 * ./engine-client.ts, after the first), how long parsing and validating took, and a notice when
 * the engine could not judge the latest text in time (the last objects stay on screen).
 */
import {useEffect, useId, useState} from 'react';
import {parseManifests} from '../../core';
import type {Diagnostic} from '../../core';
import {joinFiles, type EmbeddedExample} from './embedded-data';
import {diagnosticsOf} from './check-exercise';
import {useDebouncedValue} from './use-debounced-value';
import {runEngine, type EngineOutcome} from './engine-client';

/** Why the engine did not judge the latest text: it took too long, or it failed. */
export type EngineTrouble = Extract<EngineOutcome<unknown>, {status: 'timeout' | 'error'}>;

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
  /** Set when the engine could not judge the latest text (too long, or an error): say it. */
  trouble?: EngineTrouble;
} {
  const initialPreset = (example.presets ?? []).find((p) => (example.start ?? []).includes(p));
  const [value, setValue] = useState(() => presetText(example, initialPreset));
  const settled = useDebouncedValue(value, 150);
  const channel = useId();
  // The page's own starting text is judged at once, so the playground's first view (and the
  // questions it starts from) has its objects; every edit goes to the engine's worker.
  const [judged, setJudged] = useState<Judged>(() => {
    const started = performance.now();
    const parsed = parseManifests(value);
    return {text: value, objects: parsed.objects.map((o) => o.object), diagnostics: diagnosticsOf(value, parsed), ms: performance.now() - started};
  });
  useEffect(() => {
    if (settled === judged.text) return undefined;
    let current = true;
    void runEngine(channel, {op: 'manifest', text: settled}).then((outcome) => {
      if (!current || outcome.status === 'superseded') return;
      setJudged((last) => (outcome.status === 'done' ? {text: settled, ...outcome.value, ms: outcome.ms} : {...last, text: settled, trouble: outcome}));
    });
    return () => {
      current = false;
    };
    // judged.text is read, not a reason to ask again: only a new settled text is.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [settled, channel]);
  return {
    value,
    setValue,
    settled,
    objects: judged.objects,
    diagnostics: judged.diagnostics,
    ms: judged.ms,
    ...(judged.trouble ? {trouble: judged.trouble} : {}),
  };
}

interface Judged {
  text: string;
  objects: Record<string, unknown>[];
  diagnostics: Diagnostic[];
  ms: number;
  trouble?: EngineTrouble;
}
