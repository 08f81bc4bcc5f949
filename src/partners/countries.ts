/** The EU's own country codes where they differ from ISO 3166-1 (Eurostat's EL and UK). */
const EU_TO_ISO: Record<string, string> = { EL: 'GR', UK: 'GB' };

/** A dataset's country code as ISO 3166-1 alpha-2; null for an empty or malformed one. */
export function isoCountry(code: string | null | undefined): string | null {
  const upper = (code ?? '').trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(upper)) return null;
  return EU_TO_ISO[upper] ?? upper;
}
