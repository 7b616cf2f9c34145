/** Previous / next page buttons of a result list (shown only when there is more than one page). */
export function Pager({
  page,
  pages,
  onPage,
}: {
  page: number;
  pages: number;
  onPage: (page: number) => void;
}) {
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label="Pages de résultats">
      <button type="button" className="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Page précédente
      </button>
      <span>
        Page {page} sur {pages}
      </span>
      <button type="button" className="button" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        Page suivante
      </button>
    </nav>
  );
}
