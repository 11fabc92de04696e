/**
 * Runs one job per resource, each as soon as every resource it waits for has finished, independent ones in
 * parallel (ref cloudformation-cdk §4.4: "Independent resources are processed in parallel"). After the first
 * failure no further job starts — those running finish — as CloudFormation stops a stack operation that fails.
 * Waiting only counts resources among `ids` (a dependency outside the operation is already there).
 */
export async function runInOrder(
  ids: readonly string[],
  waitsFor: (id: string) => readonly string[],
  job: (id: string) => Promise<boolean>,
): Promise<{ readonly failed: readonly string[]; readonly notStarted: readonly string[] }> {
  const pending = new Set(ids);
  const waiting = new Map(
    ids.map((id) => [id, new Set(waitsFor(id).filter((w) => pending.has(w) && w !== id))]),
  );
  const failed: string[] = [];
  const running = new Map<string, Promise<void>>();
  const start = () => {
    if (failed.length > 0) return;
    for (const id of pending) {
      if (running.has(id) || waiting.get(id)!.size > 0) continue;
      running.set(
        id,
        job(id).then(
          (ok) => finish(id, ok),
          () => finish(id, false),
        ),
      );
    }
  };
  const finish = (id: string, ok: boolean) => {
    running.delete(id);
    pending.delete(id);
    if (!ok) failed.push(id);
    for (const set of waiting.values()) if (ok) set.delete(id);
    start();
  };
  start();
  while (running.size > 0) await Promise.race(running.values());
  return { failed, notStarted: [...pending] };
}
