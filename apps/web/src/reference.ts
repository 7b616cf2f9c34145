import { useEffect, useState } from 'react';
import { client, read } from './api/client';
import { formatDate } from './format';

export type CodeName = { code: string; name: string };
export type Commune = {
  code: string;
  name: string;
  postcode: string;
  cri: string | null;
  validTo: string | null;
};

/** Countries and languages with their French names (GET /api/reference/countries, /languages). */
export function useCountriesAndLanguages() {
  const [countries, setCountries] = useState<CodeName[]>([]);
  const [languages, setLanguages] = useState<CodeName[]>([]);
  useEffect(() => {
    void read<{ items: CodeName[] }>(client.GET('/api/reference/countries')).then((r) =>
      setCountries(r.items),
    );
    void read<{ items: CodeName[] }>(client.GET('/api/reference/languages')).then((r) =>
      setLanguages(r.items),
    );
  }, []);
  return { countries, languages };
}

/**
 * The communes of a CRI's territory (every commune when `cri` is empty), old codes too: a registration
 * before 2019 carries the code of then (GET /api/reference/communes); `null`: none is needed.
 */
export function useCommunes(cri: string | null): Commune[] {
  const [communes, setCommunes] = useState<Commune[]>([]);
  useEffect(() => {
    if (cri === null) return; // the form has no commune field
    const query = cri ? { cri: cri as never } : {};
    void read<{ items: Commune[] }>(client.GET('/api/reference/communes', { params: { query } })).then((r) =>
      setCommunes(r.items),
    );
  }, [cri]);
  return communes;
}

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();

/** What was typed, as a code: the code itself, or the one item whose name (or postcode) it is (« syrie » → SY). */
export function codeOf(
  typed: string,
  items: readonly { code: string; name: string; postcode?: string }[],
): string {
  const t = fold(typed);
  const byCode = items.find((i) => i.code.toLowerCase() === t);
  if (byCode) return byCode.code;
  const byName = items.filter((i) => fold(i.name) === t || i.postcode === t);
  return byName.length === 1 ? byName[0].code : typed.trim();
}

/** The datalist entries of a commune field: « Namur (5000) », with its CRI when every CRI is listed. */
export function communeSuggestions(communes: readonly Commune[], withCri: boolean) {
  return communes.map((c) => ({
    value: c.code,
    label: `${c.name} (${c.postcode})${withCri ? ` — ${c.cri ?? 'hors région'}` : ''}${c.validTo ? ` — code valable jusqu’au ${formatDate(c.validTo)}` : ''}`,
  }));
}

/** The hint under a commune field: the commune recognised, or how to type one. */
export function communeHint(typed: string, communes: readonly Commune[]): string {
  const code = codeOf(typed, communes);
  const commune = communes.find((c) => c.code === code);
  return commune
    ? `${commune.name} (${commune.postcode}), code INS ${commune.code}`
    : 'Tapez le nom ou le code postal de la commune (ex. Namur ou 5000)';
}
