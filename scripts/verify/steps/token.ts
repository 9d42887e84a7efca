/**
 * A `token:` step (examples/README.md): `kubectl create token <sa>` must print a JWT, three
 * base64url parts whose payload.sub is the service account.
 */
import type {NamespaceMap} from '../rewrite';
import {StepFailure, tail, type Session} from '../session';

type Rec = Record<string, unknown>;

export async function tokenStep(session: Session, serviceAccount: string, map: NamespaceMap, dir: string): Promise<string> {
  const slash = serviceAccount.indexOf('/');
  const ns = map.map(slash > 0 ? serviceAccount.slice(0, slash) : 'default');
  const name = slash > 0 ? serviceAccount.slice(slash + 1) : serviceAccount;
  const r = await session.kubectl(dir)(['--namespace', ns, 'create', 'token', name], {timeoutMs: session.ctx.timeouts.kubectlSeconds * 1000});
  if (r.code !== 0) throw new StepFailure(`kubectl create token ${serviceAccount} exited ${r.code ?? r.signal}`, map.reverseText(r.stderr.trim()));
  const jwt = r.stdout.trim();
  const parts = jwt.split('.');
  if (parts.length !== 3 || !parts.every((p) => /^[A-Za-z0-9_-]+$/.test(p)))
    throw new StepFailure('kubectl create token did not print a JWT (three base64url parts separated by dots)', tail(jwt, 3));
  let payload: Rec;
  try {
    payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Rec;
  } catch {
    throw new StepFailure('the token payload is not JSON');
  }
  const want = `system:serviceaccount:${ns}:${name}`;
  if (payload.sub !== want) {
    throw new StepFailure('the token is not for the service account', undefined, [
      {path: 'sub', expected: map.reverseText(want), actual: map.reverseValue(payload.sub)},
    ]);
  }
  return `JWT for ${map.reverseText(want)}, expires ${typeof payload.exp === 'number' ? new Date(payload.exp * 1000).toISOString() : '?'}`;
}
