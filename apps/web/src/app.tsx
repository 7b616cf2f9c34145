import { lazy, Suspense, useEffect } from 'react';
import {
  AuthProvider,
  canSanction,
  canSeeCases,
  canSeeCompliance,
  canSeeDashboard,
  canRecord,
  homeFor,
  useAuth,
} from './auth';
import { ROLE_LABELS, criShort } from './labels';
import { CasePage } from './pages/case-page';
import { CompliancePage } from './pages/compliance-page';
import { LoginPage } from './pages/login-page';
import { NotFoundPage } from './pages/not-found-page';
import { OpenParcoursPage } from './pages/open-parcours-page';
import { SanctionPage } from './pages/sanction-page';
import { SanctionsPage } from './pages/sanctions-page';
import { WorklistPage } from './pages/worklist-page';
import { Link, match, navigate, useLocation } from './router';
import { Loading } from './ui/feedback';

// The charts library is loaded only by the dashboard page.
const DashboardPage = lazy(() =>
  import('./pages/dashboard-page').then((m) => ({ default: m.DashboardPage })),
);

export function App() {
  return (
    <AuthProvider>
      <Shell />
    </AuthProvider>
  );
}

function Shell() {
  const { user } = useAuth();
  const { pathname } = useLocation();

  useEffect(() => {
    if (!user && pathname !== '/connexion')
      navigate(`/connexion${pathname !== '/' ? `?suite=${encodeURIComponent(pathname)}` : ''}`, {
        replace: true,
      });
    if (user && (pathname === '/' || pathname === '/connexion'))
      navigate(homeFor(user.role), { replace: true });
  }, [user, pathname]);

  if (!user) {
    return (
      <>
        <a className="skip-link" href="#contenu">
          Aller au contenu
        </a>
        <header className="topbar" role="banner">
          <Brand />
        </header>
        <main id="contenu" className="main main-narrow" tabIndex={-1}>
          {pathname === '/connexion' ? <LoginPage /> : null}
        </main>
      </>
    );
  }
  return (
    <>
      <a className="skip-link" href="#contenu">
        Aller au contenu
      </a>
      <header className="topbar" role="banner">
        <Brand />
        <Nav />
        <UserMenu />
      </header>
      <main id="contenu" className="main" tabIndex={-1}>
        <Routes pathname={pathname} />
      </main>
      <footer className="footer">
        <p>
          Jalon — suivi du parcours d'intégration (CWASS art. 150 à 152/11). Les dates sont au format
          JJ/MM/AAAA. <a href="/docs">Documentation de l'API</a>
        </p>
      </footer>
    </>
  );
}

function Brand() {
  return (
    <Link to="/" className="brand">
      <svg width="28" height="28" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
        <rect width="32" height="32" rx="6" fill="#ffffff" />
        <path d="M9 23 L16 9 L23 23" stroke="#0b4f6c" strokeWidth="3" fill="none" strokeLinejoin="round" />
        <circle cx="16" cy="9" r="2.5" fill="#b7791f" />
      </svg>
      <span>Jalon</span>
      <span className="brand-sub">Parcours d'intégration</span>
    </Link>
  );
}

function Nav() {
  const { user } = useAuth();
  const { pathname } = useLocation();
  if (!user) return null;
  const items: Array<{ to: string; label: string; show: boolean }> = [
    {
      to: '/dossiers',
      label: user.role === 'accompagnateur' ? 'Mes dossiers' : 'Dossiers',
      show: canSeeCases(user.role),
    },
    {
      to: '/dossiers/nouveau',
      label: 'Ouvrir un parcours',
      show: canRecord(user.role) && user.role !== 'admin',
    },
    { to: '/tableau-de-bord', label: 'Tableau de bord', show: canSeeDashboard(user.role) },
    { to: '/conformite', label: 'Conformité', show: canSeeCompliance(user.role) },
    { to: '/sanctions', label: 'Sanctions', show: canSanction(user.role) },
  ];
  const current = (to: string) =>
    to === '/dossiers'
      ? pathname === '/dossiers' || (pathname.startsWith('/dossiers/') && pathname !== '/dossiers/nouveau')
      : pathname.startsWith(to);
  return (
    <nav aria-label="Navigation principale" className="nav">
      <ul>
        {items
          .filter((i) => i.show)
          .map((i) => (
            <li key={i.to}>
              <Link to={i.to} aria-current={current(i.to) ? 'page' : undefined}>
                {i.label}
              </Link>
            </li>
          ))}
      </ul>
    </nav>
  );
}

function UserMenu() {
  const { user, logout } = useAuth();
  if (!user) return null;
  return (
    <div className="user">
      <span className="user-name">
        {user.displayName ?? user.username}
        {ROLE_LABELS[user.role] !== user.displayName ? (
          <span className="user-role">
            {ROLE_LABELS[user.role]}
            {user.cri ? ` · ${criShort(user.cri)}` : ''}
          </span>
        ) : null}
      </span>
      <button type="button" className="button button-ghost" onClick={() => logout()}>
        Se déconnecter
      </button>
    </div>
  );
}

function Routes({ pathname }: { pathname: string }) {
  if (pathname === '/' || pathname === '/connexion') return null;
  if (pathname === '/dossiers') return <WorklistPage />;
  if (pathname === '/dossiers/nouveau') return <OpenParcoursPage />;
  const parcours = match('/dossiers/:id', pathname);
  if (parcours) return <CasePage key={parcours.id} id={parcours.id} />;
  if (pathname === '/tableau-de-bord')
    return (
      <Suspense fallback={<Loading />}>
        <DashboardPage />
      </Suspense>
    );
  if (pathname === '/conformite') return <CompliancePage />;
  if (pathname === '/sanctions') return <SanctionsPage />;
  const sanction = match('/sanctions/:id', pathname);
  if (sanction) return <SanctionPage key={sanction.id} id={sanction.id} />;
  return <NotFoundPage />;
}
