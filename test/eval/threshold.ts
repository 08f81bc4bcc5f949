/**
 * What a department sees: the calls at or above a score threshold are the ones a match list
 * or digest can carry. Of the labelled calls among them, the share that is relevant
 * (grade ≥ 1 and eligible) is the precision; of all labelled grade-2 calls (eligible), the
 * share among them is the grade-2 recall, null when the labels hold no grade-2 call for the
 * area (a recall of nothing is not a figure).
 */
export interface ThresholdFigures {
  precision: number;
  recallGrade2: number | null;
  /** Labelled calls at or above the threshold. */
  shown: number;
  /** Every corpus call at or above it, labelled or not: the length of the list a user reads. */
  shownAll: number;
  grade2: number;
}

export function thresholdFigures(
  scores: ReadonlyMap<string, number>,
  labels: ReadonlyMap<string, { grade: number; eligible: boolean }>,
  threshold: number,
): ThresholdFigures {
  let shown = 0;
  let shownAll = 0;
  let relevantShown = 0;
  let grade2 = 0;
  let grade2Shown = 0;
  for (const [id, score] of scores) {
    const passes = score >= threshold;
    if (passes) shownAll += 1;
    const label = labels.get(id);
    if (!label) continue;
    const isGrade2 = label.eligible && label.grade === 2;
    if (isGrade2) grade2 += 1;
    if (!passes) continue;
    shown += 1;
    if (label.eligible && label.grade >= 1) relevantShown += 1;
    if (isGrade2) grade2Shown += 1;
  }
  return {
    precision: shown === 0 ? 0 : relevantShown / shown,
    recallGrade2: grade2 === 0 ? null : grade2Shown / grade2,
    shown,
    shownAll,
    grade2,
  };
}
