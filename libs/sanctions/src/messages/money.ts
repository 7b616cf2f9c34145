/** Euro amounts shown to users. */

/** 2500 → '2 500 €', 150.5 → '150,50 €' (French formatting without Intl, so output never depends on ICU data). */
export function formatEuro(amount: number): string {
  const cents = Math.round(amount * 100);
  const whole = Math.trunc(Math.abs(cents) / 100);
  const rest = Math.abs(cents) % 100;
  const grouped = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  const sign = cents < 0 ? '-' : '';
  return rest === 0
    ? `${sign}${grouped}\u00a0€`
    : `${sign}${grouped},${String(rest).padStart(2, '0')}\u00a0€`;
}
