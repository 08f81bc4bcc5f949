import { createHash } from 'node:crypto';

/**
 * K folds of the labelled calls for cross-validation: each call's fold from a hash of its
 * identifier, so the split is the same on every run and machine, does not depend on the
 * labels' order, and a call keeps its fold when others are added. Nothing is fitted to the
 * labels: each fold is a held-out sample the metrics are computed on alone, and the spread
 * over folds says how far a figure can move by chance.
 */
export function assignFolds(ids: string[], folds: number): Map<string, number> {
  return new Map(
    ids.map((id) => [id, createHash('sha256').update(id).digest().readUInt32BE(0) % folds]),
  );
}

export function foldSizes(foldOf: Map<string, number>, folds: number): number[] {
  const sizes = Array.from({ length: folds }, () => 0);
  for (const fold of foldOf.values()) sizes[fold] = (sizes[fold] ?? 0) + 1;
  return sizes;
}

/** Mean, (population) standard deviation, minimum and maximum of the per-fold figures. */
export function spreadOf(values: number[]): { mean: number; sd: number; min: number; max: number } {
  if (values.length === 0) return { mean: 0, sd: 0, min: 0, max: 0 };
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length;
  return { mean, sd: Math.sqrt(variance), min: Math.min(...values), max: Math.max(...values) };
}
