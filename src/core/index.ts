/**
 * The core engine's table of contents. Everything outside src/core imports from here.
 * Pure TypeScript: no DOM, no Node APIs, no React (enforced by src/core/tsconfig.json).
 */
export {parseFenceRef, parseMetaAttributes, listFences, CHECKED_FENCE_LANGUAGES, EXAMPLE_ID} from './examples/fence-meta';
export type {Fence, FenceRef} from './examples/fence-meta';
export {parseStepFile, parseExerciseFile, stepKind, stepTier, stepCommand, ExampleFormatError} from './examples/steps';
export type {Step, StepFile, StepKind, Tier, Assertion, ExerciseFile, CanIQuestion, TrafficQuestion, Localized} from './examples/steps';

export type {Diagnostic} from './diagnostics';
