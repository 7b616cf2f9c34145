import { useAuth, homeFor } from '../auth';
import { useForm } from '../forms/use-form';
import { navigate, useLocation } from '../router';
import { Success, ProblemAlert } from '../ui/feedback';
import { TextField } from '../ui/fields';
import { PageTitle } from '../ui/page';

export function LoginPage() {
  const { login, notice } = useAuth();
  const { search } = useLocation();
  const form = useForm({
    initial: { username: '', password: '' },
    rules: [
      { field: 'username', label: 'Identifiant', required: true },
      { field: 'password', label: 'Mot de passe', required: true },
    ],
    submit: async (values) => {
      const user = await login(String(values.username).trim(), String(values.password));
      const next = search.get('suite');
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : homeFor(user.role), {
        replace: true,
      });
    },
  });
  return (
    <section className="card login">
      <PageTitle title="Connexion">Connexion</PageTitle>
      <p>
        Jalon suit le parcours d'intégration des personnes primo-arrivantes, de la présentation au CRI à
        l'attestation de fréquentation.
      </p>
      {notice ? <Success>{notice}</Success> : null}
      <ProblemAlert problem={form.problem} prefix="login" />
      <form onSubmit={form.onSubmit} noValidate>
        <TextField
          form={form}
          prefix="login"
          name="username"
          label="Identifiant"
          required
          autoComplete="username"
        />
        <TextField
          form={form}
          prefix="login"
          name="password"
          label="Mot de passe"
          required
          type="password"
          autoComplete="current-password"
        />
        <button type="submit" className="button button-primary" disabled={form.submitting}>
          {form.submitting ? 'Connexion…' : 'Se connecter'}
        </button>
      </form>
    </section>
  );
}
