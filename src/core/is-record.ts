/**
 * A decoded YAML or JSON mapping: an object that is neither null nor an array. The one guard every
 * reader of `unknown` input uses (the core, the components and the verifier), so that "is this a
 * mapping" means the same thing everywhere.
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
