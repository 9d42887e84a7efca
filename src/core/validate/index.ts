/** Validation: what the API server would say about a manifest (see validate-manifests.ts). */
export {validateManifests} from './validate-manifests';
export {DIAGNOSTIC_CODES, ALL_DIAGNOSTIC_CODES, FORBIDDEN_REASONS, INVALID_VALUE_REASONS} from './codes';
export type {DiagnosticCode, CodeInfo} from './codes';
export {suggestField} from './suggest-field';
