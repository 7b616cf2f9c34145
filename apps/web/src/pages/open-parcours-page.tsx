import { useState } from 'react';
import { client, read } from '../api/client';
import type { OpenParcoursResult } from '../api/types';
import { useUser } from '../auth';
import { nissProblemFr } from '../../../../libs/parcours/src/reference/niss';
import { parseFrenchDate, todayIso } from '../format';
import { codeOf, communeHint, communeSuggestions, useCommunes, useCountriesAndLanguages } from '../reference';
import { dateValue, textValue, useForm, type Rule } from '../forms/use-form';
import { CRI_CODES, OBLIGATION_LABELS, criLong } from '../labels';
import { Link, navigate } from '../router';
import { ProblemAlert } from '../ui/feedback';
import { CheckboxField, DateField, SelectField, TextField } from '../ui/fields';
import { PageTitle } from '../ui/page';

const P = 'open';

const RULES: Rule[] = [
  { field: 'lastName', label: 'Nom', required: true },
  { field: 'firstName', label: 'Prénom', required: true },
  { field: 'birthDate', label: 'Date de naissance', required: true, date: true },
  {
    field: 'nationality',
    label: 'Nationalité',
    required: true,
  },
  {
    field: 'niss',
    label: 'NISS',
    // The same rules as the api (python-stdnum's): spaces, dots and dashes are separators.
    check: (text, values) =>
      nissProblemFr(
        text,
        Number(todayIso().slice(0, 4)),
        typeof values.birthDate === 'string' ? parseFrenchDate(values.birthDate) : null,
      ),
  },
  { field: 'criCode', label: 'CRI', required: true },
  {
    field: 'communeCode',
    label: 'Commune',
    required: true,
  },
  { field: 'communeRegistrationDate', label: 'Inscription à la commune', required: true, date: true },
  { field: 'cardOrderDate', label: 'Commande du titre de séjour', date: true },
  { field: 'legalStaySince', label: 'Début du séjour légal', date: true },
  { field: 'permitValidUntil', label: 'Fin de validité du titre', date: true },
];

/** The api nests the person, the permit and the flags; the form is flat. */
const fieldOf = (apiField: string): string => {
  if (apiField.startsWith('person.')) return apiField.slice('person.'.length);
  if (apiField === 'residencePermit.type') return 'permitType';
  if (apiField === 'residencePermit.validUntil') return 'permitValidUntil';
  if (apiField.startsWith('flags.')) return apiField.slice('flags.'.length);
  return apiField;
};

export function OpenParcoursPage() {
  const user = useUser();
  const [opened, setOpened] = useState<OpenParcoursResult | null>(null);
  // An accompagnateur sees the communes of the CRI's territory; an administrator all of them, with their CRI.
  const reference = { ...useCountriesAndLanguages(), communes: useCommunes(user.cri ?? '') };
  const form = useForm({
    initial: {
      lastName: '',
      firstName: '',
      birthDate: '',
      nationality: '',
      niss: '',
      sex: '',
      contactLanguage: '',
      criCode: user.cri ?? '',
      communeCode: '',
      communeRegistrationDate: '',
      cardOrderDate: '',
      legalStaySince: '',
      permitType: '',
      permitValidUntil: '',
      euFamilyMember: false,
      temporaryProtection: false,
      internationalProtectionApplicant: false,
    },
    rules: RULES,
    fieldOf,
    submit: async (v, idempotencyKey) => {
      const permitType = textValue(v.permitType);
      const permitValidUntil = dateValue(v.permitValidUntil);
      const result = await read<OpenParcoursResult>(
        client.POST('/api/parcours', {
          headers: { 'Idempotency-Key': idempotencyKey },
          body: {
            person: {
              lastName: String(v.lastName).trim(),
              firstName: String(v.firstName).trim(),
              birthDate: dateValue(v.birthDate)!,
              nationality: codeOf(String(v.nationality), reference.countries).toUpperCase(),
              niss: textValue(v.niss)?.replace(/[\s.-]/g, ''),
              sex: textValue(v.sex) as 'F' | 'M' | 'X' | undefined,
              contactLanguage: textValue(v.contactLanguage)
                ? codeOf(String(v.contactLanguage), reference.languages).toLowerCase()
                : undefined,
            },
            criCode: v.criCode as never,
            communeCode: codeOf(String(v.communeCode), reference.communes),
            communeRegistrationDate: dateValue(v.communeRegistrationDate)!,
            cardOrderDate: dateValue(v.cardOrderDate),
            legalStaySince: dateValue(v.legalStaySince),
            residencePermit:
              permitType || permitValidUntil ? { type: permitType, validUntil: permitValidUntil } : undefined,
            flags: {
              euFamilyMember: Boolean(v.euFamilyMember),
              temporaryProtection: Boolean(v.temporaryProtection),
              internationalProtectionApplicant: Boolean(v.internationalProtectionApplicant),
            },
          },
        }),
      );
      setOpened(result);
    },
  });

  if (opened) {
    return (
      <section>
        <PageTitle title="Parcours ouvert">Parcours ouvert</PageTitle>
        <div className="card result" role="status">
          <p className="result-lead">
            Public calculé :{' '}
            <strong className={`obligation obligation-${opened.obligation}`}>
              {OBLIGATION_LABELS[opened.obligation]}
            </strong>
          </p>
          <p>Pourquoi :</p>
          <ul className="reasons">
            {opened.obligationReasons.map((r) => (
              <li key={r.code}>{r.label}</li>
            ))}
          </ul>
          {opened.obligation === 'obliged' ? (
            <p className="hint">
              La personne doit se présenter au bureau d'accueil dans les 3 mois de son inscription à la
              commune et obtenir l'attestation dans le délai de son régime.
            </p>
          ) : opened.obligation === 'voluntary' ? (
            <p className="hint">
              Parcours volontaire : mêmes étapes et même attestation, sans échéance ni sanction.
            </p>
          ) : null}
          <div className="actions">
            <button
              type="button"
              className="button button-primary"
              onClick={() => navigate(`/dossiers/${opened.parcoursId}`)}
            >
              Ouvrir le dossier
            </button>
            <button
              type="button"
              className="button"
              onClick={() => {
                setOpened(null);
                form.reset();
              }}
            >
              Ouvrir un autre parcours
            </button>
          </div>
        </div>
      </section>
    );
  }

  const nationalityCode = codeOf(String(form.values.nationality), reference.countries);
  const nationality = reference.countries.find((c) => c.code === nationalityCode)?.name ?? null;
  const languageCode = codeOf(String(form.values.contactLanguage), reference.languages);
  const language = reference.languages.find((l) => l.code === languageCode)?.name ?? null;
  return (
    <section>
      <PageTitle title="Ouvrir un parcours">Ouvrir un parcours</PageTitle>
      <p>
        Les champs marqués d'un <span aria-hidden="true">*</span>
        <span className="visually-hidden">astérisque</span> sont obligatoires. Jalon calcule ensuite si la
        personne relève du public obligé, volontaire ou dispensé, et pourquoi.
      </p>
      <ProblemAlert problem={form.problem} prefix={P} />
      {form.problem?.code === 'PARCOURS_ALREADY_OPEN' && form.problem.existingParcoursId ? (
        <p>
          <Link to={`/dossiers/${form.problem.existingParcoursId}`}>
            Ouvrir le dossier déjà ouvert pour ce NISS
          </Link>
        </p>
      ) : null}
      <form onSubmit={form.onSubmit} noValidate className="form">
        <fieldset className="card">
          <legend>La personne</legend>
          <div className="grid">
            <TextField
              form={form}
              prefix={P}
              name="lastName"
              label="Nom"
              required
              maxLength={100}
              autoComplete="off"
            />
            <TextField form={form} prefix={P} name="firstName" label="Prénom" required maxLength={100} />
            <DateField form={form} prefix={P} name="birthDate" label="Date de naissance" required />
            <TextField
              form={form}
              prefix={P}
              name="nationality"
              label="Nationalité"
              required
              width="short"
              maxLength={60}
              suggestions={reference.countries.map((c) => ({ value: c.code, label: c.name }))}
              hint={
                nationality ? `Pays : ${nationality}` : 'Tapez le nom du pays (ex. Syrie) ou son code (SY)'
              }
            />
            <TextField
              form={form}
              prefix={P}
              name="niss"
              label="Numéro national (NISS)"
              inputMode="numeric"
              hint="11 chiffres ; espaces, points et tirets acceptés"
            />
            <SelectField
              form={form}
              prefix={P}
              name="sex"
              label="Sexe"
              options={[
                { value: 'F', label: 'Femme' },
                { value: 'M', label: 'Homme' },
                { value: 'X', label: 'X' },
              ]}
            />
            <TextField
              form={form}
              prefix={P}
              name="contactLanguage"
              label="Langue de contact"
              width="short"
              maxLength={40}
              suggestions={reference.languages.map((l) => ({ value: l.code, label: l.name }))}
              hint={
                language ? `Langue : ${language}` : 'Tapez le nom de la langue (ex. arabe) ou son code (ar)'
              }
            />
          </div>
        </fieldset>
        <fieldset className="card">
          <legend>Séjour et domicile</legend>
          <div className="grid">
            <SelectField
              form={form}
              prefix={P}
              name="criCode"
              label="Centre régional d'intégration"
              required
              options={(user.cri ? [user.cri] : [...CRI_CODES]).map((c) => ({ value: c, label: criLong(c) }))}
            />
            <TextField
              form={form}
              prefix={P}
              name="communeCode"
              label="Commune"
              required
              width="medium"
              maxLength={60}
              suggestions={communeSuggestions(reference.communes, !user.cri)}
              hint={communeHint(String(form.values.communeCode), reference.communes)}
            />
            <DateField
              form={form}
              prefix={P}
              name="communeRegistrationDate"
              label="Inscription à la commune"
              required
              hint="Départ du délai de présentation (3 mois) — JJ/MM/AAAA"
            />
            <DateField
              form={form}
              prefix={P}
              name="cardOrderDate"
              label="Commande du titre de séjour"
              hint="Départ du délai de l'attestation — JJ/MM/AAAA"
            />
            <DateField
              form={form}
              prefix={P}
              name="legalStaySince"
              label="Début du séjour légal en Belgique"
            />
            <TextField
              form={form}
              prefix={P}
              name="permitType"
              label="Type de titre de séjour"
              maxLength={40}
              hint="Ex. carte A"
            />
            <DateField form={form} prefix={P} name="permitValidUntil" label="Fin de validité du titre" />
          </div>
          <div className="checkboxes">
            <CheckboxField
              form={form}
              prefix={P}
              name="euFamilyMember"
              label="Membre de la famille d'un citoyen de l'UE"
            />
            <CheckboxField
              form={form}
              prefix={P}
              name="temporaryProtection"
              label="Bénéficiaire de la protection temporaire"
            />
            <CheckboxField
              form={form}
              prefix={P}
              name="internationalProtectionApplicant"
              label="Demandeur de protection internationale"
            />
          </div>
        </fieldset>
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={form.submitting}>
            {form.submitting ? 'Ouverture…' : 'Ouvrir le parcours'}
          </button>
          <Link to="/dossiers" className="button button-ghost">
            Annuler
          </Link>
        </div>
      </form>
    </section>
  );
}
