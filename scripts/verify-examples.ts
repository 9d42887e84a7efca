/**
 * Usage: npm run verify -- [--cluster local|kind|current] [--tier api|runtime|all] [--filter <id>]
 *                          [--parallel N] [--report junit.xml] [--json out.json] [--keep]
 *                          [--allow-context <name>]
 *
 * Runs every example the docs show (examples/<id>/steps.yaml, in both locales) against a real
 * API server and reports what passed, failed and was skipped (with the reason). `npm run verify
 * -- --help` prints every option. The work is in scripts/verify/ (main.ts is the run; the file
 * comments of session.ts, rewrite.ts, runner.ts and runtime.ts describe how each step is proven).
 *
 * Exit status: 0 all passed, 1 a failure, 2 bad usage, 130 interrupted (SIGINT or SIGTERM).
 * Environment: KSN_KUBECTL (kubectl for kind and current; default: kubectl on PATH),
 * KSN_VERIFY_EXAMPLES_DIR (run the example folders of another folder; page checks are skipped).
 */
import {parseOptions, USAGE, UsageError} from './verify/options';
import {EXIT, verify} from './verify/main';

async function main(): Promise<number> {
  let options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message}\n\n${USAGE}\n`);
      return EXIT.usage;
    }
    throw e;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  try {
    return await verify(options, {out: (t) => process.stdout.write(t), err: process.stderr});
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message}\n`);
      return EXIT.usage;
    }
    throw e;
  }
}

main().then(
  (code) => process.exit(code),
  (e: Error) => {
    process.stderr.write(`verify-examples: ${e.stack ?? e.message}\n`);
    process.exit(EXIT.failed);
  },
);
