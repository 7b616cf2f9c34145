import { Link } from '../router';
import { PageTitle } from '../ui/page';

export function NotFoundPage() {
  return (
    <section>
      <PageTitle title="Page introuvable">Page introuvable</PageTitle>
      <p>Cette adresse ne correspond à aucune page de Jalon.</p>
      <p>
        <Link to="/">Revenir à l'accueil</Link>
      </p>
    </section>
  );
}
