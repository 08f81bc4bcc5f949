/** Graded judgement of one call for one area, as in ../shared/eval/README.md. */
export interface Judgement {
  grade: number;
  eligible: boolean;
}

export interface Metrics {
  ndcg10: number;
  ndcg20: number;
  p10: number;
  r50: number;
}

const gain = (judgement: Judgement) => (judgement.eligible ? 2 ** judgement.grade - 1 : 0);
const relevant = (judgement: Judgement) => judgement.eligible && judgement.grade >= 1;

function dcg(list: Judgement[], k: number): number {
  return list
    .slice(0, k)
    .reduce((sum, judgement, index) => sum + gain(judgement) / Math.log2(index + 2), 0);
}

/** Metrics of a condensed ranking: the labelled calls only, in the order the ranker put them. */
export function evaluateRanking(condensed: Judgement[]): Metrics {
  const ideal = [...condensed].sort((a, b) => gain(b) - gain(a));
  const ndcg = (k: number) => {
    const best = dcg(ideal, k);
    return best === 0 ? 0 : dcg(condensed, k) / best;
  };
  const totalRelevant = condensed.filter(relevant).length;
  return {
    ndcg10: ndcg(10),
    ndcg20: ndcg(20),
    p10: condensed.slice(0, 10).filter(relevant).length / 10,
    r50: totalRelevant === 0 ? 0 : condensed.slice(0, 50).filter(relevant).length / totalRelevant,
  };
}
