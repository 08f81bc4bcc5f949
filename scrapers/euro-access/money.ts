/**
 * Amounts as Euro-Access writes them: "€ 220,000,000.00" (English separators). A German-style
 * "EUR 1.800.000,00" is read too; anything else (ranges in prose, "up to …") is not a budget.
 */
export function euroAmountOf(text: string): number | null {
  const trimmed = text.trim();
  // Only euros: a budget in another currency is not converted.
  if (!/€|\bEUR\b/i.test(trimmed)) return null;
  const match = /^(?:€|EUR)?\s*([\d.,\s]+?)\s*(?:€|EUR)?$/i.exec(trimmed);
  const digits = match?.[1]?.replace(/\s/g, '');
  if (!digits) return null;
  let normalised: string | null = null;
  if (/^\d{1,3}(,\d{3})*(\.\d+)?$/.test(digits)) normalised = digits.replace(/,/g, '');
  else if (/^\d{1,3}(\.\d{3})*(,\d+)?$/.test(digits))
    normalised = digits.replace(/\./g, '').replace(',', '.');
  else if (/^\d+$/.test(digits)) normalised = digits;
  if (normalised === null) return null;
  const amount = Number(normalised);
  return Number.isFinite(amount) && amount > 0 ? amount : null;
}

/** "€ 2,000,000.00 - € 3,000,000.00" or one amount: the per-project bounds it states. */
export function perProjectRangeOf(text: string): { min: number | null; max: number | null } {
  const parts = text
    .split(/\s+(?:-|–|to|and)\s+/i)
    .map((part) => part.replace(/^(?:between|up to|max(?:imum)?\.?)\s*/i, '').trim());
  const amounts = parts.map(euroAmountOf);
  const [first, second] = amounts;
  if (amounts.length === 2 && first != null && second != null)
    return { min: Math.min(first, second), max: Math.max(first, second) };
  if (amounts.length === 1 && first != null) return { min: null, max: first };
  return { min: null, max: null };
}
