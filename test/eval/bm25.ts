import { stems } from '../../src/matching/text.js';

/**
 * The plain keyword baseline: Okapi BM25 (k1 1.2, b 0.75) over title + description with an
 * English analyser, queried with the area's name and keywords as written. No vocabulary,
 * no priors, no eligibility.
 */
export class Bm25Index {
  private readonly documents: Array<{
    id: string;
    frequencies: Map<string, number>;
    length: number;
  }>;
  private readonly documentFrequency = new Map<string, number>();
  private readonly averageLength: number;

  constructor(documents: Array<{ id: string; text: string }>) {
    this.documents = documents.map(({ id, text }) => {
      const frequencies = new Map<string, number>();
      const tokens = stems(text, 'en');
      for (const token of tokens) frequencies.set(token, (frequencies.get(token) ?? 0) + 1);
      for (const token of frequencies.keys())
        this.documentFrequency.set(token, (this.documentFrequency.get(token) ?? 0) + 1);
      return { id, frequencies, length: tokens.length };
    });
    this.averageLength =
      this.documents.reduce((sum, document) => sum + document.length, 0) /
      Math.max(1, this.documents.length);
  }

  scores(query: string, k1 = 1.2, b = 0.75): Map<string, number> {
    const terms = [...new Set(stems(query, 'en'))];
    const total = this.documents.length;
    const result = new Map<string, number>();
    for (const document of this.documents) {
      let score = 0;
      for (const term of terms) {
        const frequency = document.frequencies.get(term);
        if (!frequency) continue;
        const documents = this.documentFrequency.get(term) ?? 0;
        const idf = Math.log(1 + (total - documents + 0.5) / (documents + 0.5));
        score +=
          (idf * frequency * (k1 + 1)) /
          (frequency + k1 * (1 - b + (b * document.length) / this.averageLength));
      }
      result.set(document.id, score);
    }
    return result;
  }
}
