/**
 * Which examples the docs show, and whether the pages keep the rules of examples/README.md:
 *   - every yaml/yml/bash/sh/shell/console fence is an example= reference or says norun="why";
 *   - every reference names an existing folder, file, or named step with a command;
 *   - JSX components name existing folders (<ExerciseChecker exercise="id" />, example="id");
 *   - every folder under examples/ is shown by some page (an example nobody reads is an error).
 * Pure over its inputs (pages and examples already read), so the tests can feed fixtures. That
 * both locales embed the same references is a content rule (test/content/pages.test.ts,
 * localeReferenceMismatch), checked there only.
 */
import {CHECKED_FENCE_LANGUAGES, listFences, parseFenceRef, stepCommand} from '../../src/core';
import {componentExampleIdsOf, type Page} from '../lib/site-content';
import type {Example} from './example';

export interface DiscoveryProblem {
  /** "docs/x.mdx:12", "examples/<id>" */
  where: string;
  message: string;
  /** The example the problem concerns, if one. */
  example?: string;
}

export type PageInput = Pick<Page, 'locale' | 'path' | 'text'>;

export interface Discovery {
  /** Ids shown by at least one page. */
  shown: Set<string>;
  problems: DiscoveryProblem[];
  /** Number of checked fences and of references, for the report. */
  fences: number;
  references: number;
}

const LOCALE_ROOT: Record<string, string> = {ko: 'docs', en: 'i18n/en/docusaurus-plugin-content-docs/current'};

function where(page: PageInput, line?: number): string {
  return `${LOCALE_ROOT[page.locale] ?? page.locale}/${page.path}${line ? `:${line}` : ''}`;
}

export function discover(
  pages: PageInput[],
  examples: Pick<Example, 'id' | 'steps' | 'manifests' | 'error'>[],
  knownFiles?: (id: string) => Set<string>,
): Discovery {
  const byId = new Map(examples.map((e) => [e.id, e]));
  const problems: DiscoveryProblem[] = [];
  const shown = new Set<string>();
  let fences = 0;
  let references = 0;
  const filesOf = (id: string) => knownFiles?.(id) ?? new Set([...(byId.get(id)?.manifests.keys() ?? []), 'steps.yaml']);

  for (const page of pages) {
    // Line numbers: listFences counts from the start of the text it is given (the whole page).
    for (const fence of listFences(page.text)) {
      const ref = parseFenceRef(fence.meta);
      const checked = CHECKED_FENCE_LANGUAGES.has(fence.lang);
      if (checked) fences++;
      if (ref.kind === 'none') {
        if (!checked) continue;
        problems.push({
          where: where(page, fence.line),
          message: `a \`\`\`${fence.lang} block that is neither an example nor marked not runnable: embed it with example="<id>/<file>" or example="<id>#<step>", or add norun="<why it cannot run>"`,
        });
        continue;
      }
      if (ref.kind === 'error') {
        problems.push({where: where(page, fence.line), message: ref.message});
        continue;
      }
      if (ref.kind === 'norun') continue;
      references++;
      const example = byId.get(ref.example);
      if (!example) {
        problems.push({
          where: where(page, fence.line),
          message: `example="${ref.kind === 'file' ? `${ref.example}/${ref.file}` : `${ref.example}#${ref.step}`}": there is no folder examples/${ref.example}`,
          example: ref.example,
        });
        continue;
      }
      shown.add(ref.example);
      if (ref.kind === 'file' && !filesOf(ref.example).has(ref.file)) {
        problems.push({
          where: where(page, fence.line),
          message: `example="${ref.example}/${ref.file}": examples/${ref.example} has no file ${ref.file}`,
          example: ref.example,
        });
      }
      if (ref.kind === 'step' && !example.error) {
        const step = example.steps.find((s) => s.name === ref.step);
        if (!step)
          problems.push({
            where: where(page, fence.line),
            message: `example="${ref.example}#${ref.step}": examples/${ref.example}/steps.yaml has no step named ${ref.step}`,
            example: ref.example,
          });
        else if (!stepCommand(step))
          problems.push({
            where: where(page, fence.line),
            message: `example="${ref.example}#${ref.step}": that step (${Object.keys(step).find((k) => k !== 'name' && k !== 'tier')}) has no command to show; embed a step with a command`,
            example: ref.example,
          });
      }
    }
    for (const id of componentExampleIdsOf(page.text)) {
      references++;
      if (!byId.has(id))
        problems.push({where: where(page), message: `a component names example/exercise "${id}", but there is no folder examples/${id}`, example: id});
      else shown.add(id);
    }
  }

  for (const e of examples) {
    if (!shown.has(e.id))
      problems.push({
        where: `examples/${e.id}`,
        message: `no page shows this example: embed one of its files with example="${e.id}/<file>" (both locales), or remove the folder`,
        example: e.id,
      });
  }
  return {shown, problems, fences, references};
}
