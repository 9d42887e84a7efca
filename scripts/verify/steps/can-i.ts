/**
 * A `canI:` step (examples/README.md): a SelfSubjectAccessReview sent while impersonating the
 * user and groups, which is exactly what `kubectl auth can-i ... --as U --as-group G` does: the
 * API server itself adds system:authenticated and the service-account groups
 * (k8s.io/apiserver/pkg/endpoints/filters/impersonation.go); system:anonymous, which may not
 * create self reviews, is asked with a SubjectAccessReview in system:unauthenticated
 * (Session.askServer). Asked once, after the RBAC sentinel (Session.settleRbac).
 */
import type {CanIQuestion} from '../../../src/core';
import {type NamespaceMap, rewriteCanI} from '../rewrite';
import {questionText, StepFailure, type Session} from '../session';

export async function canIStep(session: Session, q: CanIQuestion, expect: boolean, map: NamespaceMap): Promise<string> {
  const asked = rewriteCanI(q, map);
  await session.settleRbac();
  const answer = await session.askServer(asked);
  const said = answer.allowed ? 'yes' : 'no';
  if (answer.allowed !== expect) {
    throw new StepFailure(
      `can-i ${questionText(q)}: expected ${expect ? 'yes' : 'no'}, the API server says ${said}`,
      `reason: ${map.reverseText(answer.reason)}`,
      [{path: 'allowed', expected: expect, actual: answer.allowed}],
    );
  }
  return `${said}${answer.reason ? ` (${map.reverseText(answer.reason)})` : ''}`;
}
