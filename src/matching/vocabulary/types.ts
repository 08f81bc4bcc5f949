/**
 * One concept a municipality cares about, with the words for it in each language.
 * English terms find the concept in calls (most calls are in English); every language's
 * terms, English included, find it in a profile. A weighted term is `[phrase, weight]`:
 * 1 (the default) is clear evidence, lower weights are supporting words that are also used
 * loosely ("health", "cities").
 */
export type WeightedTerm = string | readonly [string, number];

export interface ConceptDefinition {
  id: string;
  label: { en: string; sv: string; nb: string };
  en: readonly WeightedTerm[];
  sv: readonly string[];
  nb: readonly string[];
  da: readonly string[];
  fi: readonly string[];
  /** Concepts this one implies in a profile (asking for elderly care implies health). */
  broader?: readonly string[];
  /**
   * Concepts a municipality working on this one usually also means: sustainable urban
   * development takes in climate-neutral cities and urban nature. A profile naming this
   * concept gets its related concepts at a lower weight.
   */
  related?: readonly string[];
  /**
   * Concepts that, when a call is more about them, show the shared words mean something
   * else here: "education" in a call about universities is not about schools.
   */
  contrasts?: readonly string[];
  /** Exists only to be contrasted with (clinical research); never an area's own concept. */
  contrastOnly?: boolean;
  /**
   * Its loose words name the subject when they stand in a call's title ("Culture and
   * creative industries for health and well-being"): there they count as clear evidence.
   * Not so for "cities", which titles name as the setting of a technology.
   */
  looseInTitleIsClear?: boolean;
}
