import { useState } from 'react';
import { client, read } from '../api/client';
import type { OpenParcoursResult } from '../api/types';
import { useUser } from '../auth';
import { dateValue, textValue, useForm, type Rule } from '../forms/use-form';
import { CRI_CODES, OBLIGATION_LABELS, criLong } from '../labels';
import { Link, navigate } from '../router';
import { ProblemAlert } from '../ui/feedback';
import { CheckboxField, DateField, SelectField, TextField } from '../ui/fields';
import { PageTitle } from '../ui/page';

const P = 'open';

const countryName = (code: string): string | null => {
  if (!/^[A-Z]{2}$/.test(code)) return null;
  try {
    const name = new Intl.DisplayNames(['fr'], { type: 'region' }).of(code);
    return name && name !== code ? name : null;
  } catch {
    return null;
  }
};

const RULES: Rule[] = [
  { field: 'lastName', label: 'Nom', required: true },
  { field: 'firstName', label: 'Prénom', required: true },
  { field: 'birthDate', label: 'Date de naissance', required: true, date: true },
  {
    field: 'nationality',
    label: 'Nationalité',
    required: true,
    pattern: {
      regex: /^[A-Za-z]{2}$/,
      message: 'Nationalité : code pays à 2 lettres attendu (ex. SY, MA, TR)',
    },
  },
  {
    field: 'niss',
    label: 'NISS',
    pattern: { regex: /^\d{2}\.?\d{2}\.?\d{2}[-.]?\d{3}\.?\d{2}$/, message: 'NISS : 11 chiffres attendus' },
  },
  { field: 'criCode', label: 'CRI', required: true },
  {
    field: 'communeCode',
    label: 'Commune',
    required: true,
    pattern: { regex: /^\d{5}$/, message: 'Commune : code INS à 5 chiffres attendu' },
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
              nationality: String(v.nationality).trim().toUpperCase(),
              niss: textValue(v.niss)?.replace(/[\s.-]/g, ''),
              sex: textValue(v.sex) as 'F' | 'M' | 'X' | undefined,
              contactLanguage: textValue(v.contactLanguage)?.toLowerCase(),
            },
            criCode: v.criCode as never,
            communeCode: String(v.communeCode).trim(),
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

  const nationality = countryName(String(form.values.nationality).trim().toUpperCase());
  return (
    <section>
      <PageTitle title="Ouvrir un parcours">Ouvrir un parcours</PageTitle>
      <p>
        Les champs marqués d'un <span aria-hidden="true">*</span>
        <span className="visually-hidden">astérisque</span> sont obligatoires. Jalon calcule ensuite si la
        personne relève du public obligé, volontaire ou dispensé, et pourquoi.
      </p>
      <ProblemAlert problem={form.problem} prefix={P} />
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
              maxLength={2}
              hint={
                nationality
                  ? `Code pays ISO à 2 lettres : ${nationality}`
                  : 'Code pays ISO à 2 lettres (ex. SY pour la Syrie)'
              }
            />
            <TextField
              form={form}
              prefix={P}
              name="niss"
              label="Numéro national (NISS)"
              inputMode="numeric"
              hint="11 chiffres ; points et tirets acceptés"
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
              maxLength={3}
              hint="Code de langue (ex. ar, uk, fr)"
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
              label="Commune (code INS)"
              required
              width="short"
              inputMode="numeric"
              maxLength={5}
              hint="5 chiffres, ex. 92094 pour Namur"
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
