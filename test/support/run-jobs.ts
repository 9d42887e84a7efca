/** Runs the jobs in order, at most `concurrency` at a time (the cluster differentials' batches, the page-weight pages). */
export async function runJobs(jobs: (() => Promise<void>)[], concurrency: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({length: Math.min(concurrency, jobs.length)}, async () => {
      while (next < jobs.length) await jobs[next++]();
    }),
  );
}
