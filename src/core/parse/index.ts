/** Parsing: YAML text to Kubernetes objects with positions (see parse-manifests.ts). */
export {parseManifests, parseManifestsDetailed, PARSE_LIMITS, formatPath} from './parse-manifests';
export type {ParsedObject, ParsedManifests} from './parse-manifests';
export {findPosition} from './track-positions';
export type {PositionNode} from './track-positions';
export {LineIndex} from './line-index';
export {resolveGoScalar} from './go-yaml-schema';
export {splitDocuments} from './split-documents';
export type {DocumentChunk} from './split-documents';
