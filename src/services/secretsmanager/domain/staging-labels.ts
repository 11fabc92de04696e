import type { VersionEntry } from './secret-document.js';

/**
 * Staging labels (ref aws-iam-and-protocols §4.3 "Versions & labels"): a label sits on at most one version. Moving AWSCURRENT moves
 * AWSPREVIOUS to the version it left; AWSPENDING and custom labels only move when named. Versions left without a
 * label are deprecated; beyond 100 versions the oldest deprecated ones older than a day are removed.
 * Observed against AWS: localstack snapshot test_update_secret_version_stages_* and
 * test_non_versioning_version_stages_*.
 */
export const current = 'AWSCURRENT';
export const previous = 'AWSPREVIOUS';

const maxVersions = 100;
const day = 86_400_000;

/** The version carrying `label`, if any. */
export function holderOf(versions: readonly VersionEntry[], label: string): VersionEntry | undefined {
  return versions.find((version) => version.stages.includes(label));
}

/** Moves `label` onto `target` (or just removes it when `target` is undefined), returning the new versions. */
export function moveLabel(
  versions: readonly VersionEntry[],
  label: string,
  target: string | undefined,
): VersionEntry[] {
  const from = holderOf(versions, label)?.versionId;
  if (from === target) return [...versions];
  let next = versions.map((version) =>
    version.versionId === from
      ? withStages(
          version,
          version.stages.filter((stage) => stage !== label),
        )
      : version,
  );
  if (label === current && from !== undefined) {
    next = next.map((version) =>
      version.stages.includes(previous)
        ? withStages(
            version,
            version.stages.filter((stage) => stage !== previous),
          )
        : version,
    );
    next = next.map((version) =>
      version.versionId === from && version.versionId !== target
        ? withStages(version, [...version.stages, previous])
        : version,
    );
  }
  return next.map((version) =>
    version.versionId === target ? withStages(version, [...version.stages, label]) : version,
  );
}

/** Attaches each of `labels` to the version `target` (PutSecretValue VersionStages). */
export function attachLabels(
  versions: readonly VersionEntry[],
  target: string,
  labels: readonly string[],
): VersionEntry[] {
  let next = [...versions];
  // AWSCURRENT first, so that the AWSPREVIOUS it drags along cannot undo a label named in the same request.
  const ordered = [...new Set(labels)].sort((a, b) => (a === current ? -1 : b === current ? 1 : 0));
  for (const label of ordered) next = moveLabel(next, label, target);
  return next;
}

/** Drops the oldest deprecated versions (no labels, older than a day) while there are more than 100. */
export function pruneDeprecated(versions: readonly VersionEntry[], now: Date): VersionEntry[] {
  let excess = versions.length - maxVersions;
  if (excess <= 0) return [...versions];
  const cutoff = now.getTime() - day;
  return versions.filter((version) => {
    const removable =
      excess > 0 && version.stages.length === 0 && new Date(version.createdDate).getTime() < cutoff;
    if (removable) excess--;
    return !removable;
  });
}

function withStages(version: VersionEntry, stages: readonly string[]): VersionEntry {
  return { ...version, stages: [...new Set(stages)].sort() };
}
