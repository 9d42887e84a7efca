/** What a command runs with, and how it reports. */
import {displayText} from '../scalar-text';
import type {ApiServer, Identity} from './api-server';
import {ApiError, InvalidError} from './api-server';
import type {Flags} from './flags';

export interface Ctx {
  server: ApiServer;
  /** The identity requests run as (after --as / --as-group). */
  user: Identity;
  /** The kubeconfig's user, before impersonation. */
  caller: Identity;
  /** -n, or the context's namespace. */
  namespace: string;
  /** True when -n/--namespace was given. */
  namespaceGiven: boolean;
  flags: Flags;
  files: Record<string, string>;
  /** The command path, e.g. "create role" (for "See 'kubectl create role -h'"). */
  path: string;
  out: string[];
  err: string[];
  now: Date;
  /** The kubeconfig's context, for `kubectl config`. */
  kubeconfig: {context: string; cluster: string; server: string; namespace?: string; user: string};
}

/** A kubectl-side error: printed as "error: <message>", exit 1. */
export class CommandError extends Error {
  constructor(
    message: string,
    readonly usageHint?: string,
  ) {
    super(message);
  }
}

/** kubectl's CheckErr: the text it prints for an error. */
export function errorText(e: unknown): string {
  if (e instanceof InvalidError) return `${e.message}\n`;
  if (e instanceof ApiError) return `Error from server (${e.reason}): ${e.message}\n`;
  if (e instanceof CommandError) return `error: ${e.message}\n${e.usageHint ? `${e.usageHint}\n` : ''}`;
  return `error: ${e instanceof Error ? e.message : displayText(e)}\n`;
}
