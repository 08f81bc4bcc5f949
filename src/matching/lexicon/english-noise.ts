/**
 * English words a translation must not consist of alone. Dictionaries translate a word by
 * every sense it has, and a call in English is full of these, so as a keyword they would
 * match nearly every call.
 */

/**
 * Function words: a translation made only of them is dropped from the data (Swedish "bi"
 * is "bee", and also "at, by, near"). Applied by build.ts.
 */
export const englishStopWords: ReadonlySet<string> = new Set(
  (
    'a about above across after again against all almost along also although always am among an ' +
    'and another any anyone anything are around as at away be because been before being below ' +
    'beside besides between both but by can cannot could did do does doing done down during each ' +
    'either else enough etc even ever every few for from further had has have having he her here ' +
    'hers herself him himself his how however i if in into is it its itself just less many may me ' +
    'might mine more most much must my myself near nearby neither never next no nor not now of off ' +
    'often on once one only onto or other others otherwise our ours ourselves out over own per ' +
    'perhaps quite rather same several shall she should since so some somebody someone something ' +
    'sometimes somewhat still such than that the their theirs them themselves then there these ' +
    'they this those though through thus till to too toward towards under until up upon us very ' +
    'via was we were what whatever when where whether which while who whom whose why will with ' +
    'within without would yet you your yours yourself'
  ).split(' '),
);

/**
 * Words with content that say nothing of a subject: kept in the data, because a compound's
 * part may be translated by them (Swedish "arbete", work, in a compound with a subject
 * before it), but never a keyword's whole translation (Finnish "asia" is "thing", "matter").
 * Includes the words every funding call uses of itself (project, support, call, country,
 * region, public: "eligible countries", "regional authorities").
 */
export const genericEnglish: ReadonlySet<string> = new Set(
  (
    'action activity affair aim area be become begin big bring call case change come ' +
    'condition country deal development do effort end european fact field find form general ' +
    'get give go goal good great group have help hold international issue item keep kind know ' +
    'large let level life little local look lot make manner matter mean means measure method ' +
    'move national need new number object old order part people person piece place plan point ' +
    'possible programme project proposal provide public put question region result run say ' +
    'see seem service set show side small sort start state stuff support system take tell ' +
    'thing think time try turn type use want way whole work'
  ).split(' '),
);
