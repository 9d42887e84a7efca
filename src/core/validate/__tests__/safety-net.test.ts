/**
 * validateManifests never throws: a rule that fails (a defect of the checker, which no real input
 * may trigger: the fuzz test fails on it) is reported on its object as CHECK_FAILED, and the
 * other objects are still judged. Here the schema check is made to throw for one object.
 * Reproduce: node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects unit -- src/core/validate/__tests__/safety-net.test.ts
 */
import {expect, it, jest} from '@jest/globals';

jest.unstable_mockModule('../check-schema', () => ({
  SUGGESTIONS_PER_OBJECT: 20,
  checkSchema: (_kind: unknown, object: {metadata?: {name?: unknown}}) => {
    if (object.metadata?.name === 'boom') throw new TypeError('Cannot convert object to primitive value');
  },
}));
const {validateManifests} = await import('../../index');

it('a rule that throws becomes CHECK_FAILED on its object; the next object is still judged', () => {
  const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: boom}\n' + '---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: UPPER}\n';
  const diags = validateManifests(text);
  expect(diags).toContainEqual({
    code: 'CHECK_FAILED',
    severity: 'warning',
    line: 1,
    column: 1,
    params: {reason: 'TypeError: Cannot convert object to primitive value'},
  });
  expect(diags).toContainEqual(expect.objectContaining({code: 'INVALID_DNS1123_SUBDOMAIN', line: 7}));
});
