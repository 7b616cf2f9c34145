import { useEffect, useRef, type ReactNode } from 'react';

/**
 * The page's h1: sets the tab title and takes the focus when the page changes, so a screen reader announces the new
 * page after a client-side navigation (as it would after a full page load).
 */
export function PageTitle({
  children,
  title,
  actions,
}: {
  children: ReactNode;
  title: string;
  actions?: ReactNode;
}) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} — Jalon`;
    ref.current?.focus({ preventScroll: true });
  }, [title]);
  return (
    <div className="page-title">
      <h1 tabIndex={-1} ref={ref}>
        {children}
      </h1>
      {actions ? <div className="page-actions">{actions}</div> : null}
    </div>
  );
}
