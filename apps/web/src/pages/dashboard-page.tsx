import type { ReactNode } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  Pie,
  PieChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { client, read } from '../api/client';
import type { CriDashboard } from '../api/types';
import { useQuery } from '../api/use-query';
import { useUser } from '../auth';
import { formatMonth, formatNumber } from '../format';
import { CRI_CODES, DISPENSE_LABELS, OBLIGATION_LABELS, STAGE_LABELS, criShort, labelOf } from '../labels';
import { Link, setSearch, useLocation } from '../router';
import { Loading, ProblemAlert } from '../ui/feedback';
import { PageTitle } from '../ui/page';

/** Colours with at least 3:1 contrast against white (WCAG 1.4.11 for graphical objects). */
const COLORS = {
  primary: '#0b4f6c',
  secondary: '#b7791f',
  danger: '#b42318',
  warning: '#9a6700',
  ok: '#1a7f37',
  muted: '#57606a',
  violet: '#6f42c1',
};
const PIE = [COLORS.primary, COLORS.secondary, COLORS.muted];
const STAGE_COLORS = [COLORS.muted, COLORS.secondary, COLORS.primary, COLORS.ok, '#24292f'];

type Rows = CriDashboard[];

/** Legend labels in the text colour (the series colours are for shapes: some are below 4.5:1 as text). */
const legendText = (value: string) => <span style={{ color: '#1f2328' }}>{value}</span>;

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

function sumRecords(
  rows: Rows,
  pick: (r: CriDashboard) => Record<string, number> | undefined,
): Record<string, number> {
  const total: Record<string, number> = {};
  for (const r of rows)
    for (const [k, v] of Object.entries(pick(r) ?? {})) total[k] = (total[k] ?? 0) + num(v);
  return total;
}

export function DashboardPage() {
  const user = useUser();
  const { search } = useLocation();
  const cri = user.cri ?? search.get('cri') ?? '';
  const answer = useQuery(`dash-${cri}`, async () =>
    cri
      ? [
          await read<CriDashboard>(
            client.GET('/api/dashboards/cri/{code}', { params: { path: { code: cri } } }),
          ),
        ]
      : (await read<{ items: CriDashboard[] }>(client.GET('/api/dashboards/cri'))).items,
  );
  const title = cri ? `Tableau de bord — ${criShort(cri)}` : 'Tableau de bord — tous les CRI';

  return (
    <section>
      <PageTitle
        title={title}
        actions={
          user.cri ? null : (
            <div className="field field-inline">
              <label htmlFor="dash-cri">CRI</label>
              <select id="dash-cri" value={cri} onChange={(e) => setSearch({ cri: e.target.value })}>
                <option value="">Tous les CRI</option>
                {CRI_CODES.map((c) => (
                  <option key={c} value={c}>
                    {criShort(c)}
                  </option>
                ))}
              </select>
            </div>
          )
        }
      >
        {title}
      </PageTitle>
      <ProblemAlert problem={answer.problem} focus={false} />
      {answer.loading && !answer.data ? <Loading /> : null}
      {answer.data ? <Dashboard rows={answer.data} single={Boolean(cri)} /> : null}
    </section>
  );
}

function Dashboard({ rows, single }: { rows: Rows; single: boolean }) {
  const open = rows.reduce((a, r) => a + num(r.activeParcours?.total), 0);
  const overdue = rows.reduce((a, r) => a + num(r.overdue?.parcours), 0);
  const dueSoon = rows.reduce((a, r) => a + num(r.dueSoon?.parcours), 0);
  const byMonth = new Map<string, { openings: number; attestations: number }>();
  for (const r of rows)
    for (const m of r.months ?? []) {
      const t = byMonth.get(m.month) ?? { openings: 0, attestations: 0 };
      byMonth.set(m.month, {
        openings: t.openings + num(m.openings),
        attestations: t.attestations + num(m.attestations),
      });
    }
  const monthly = [...byMonth.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([m, v]) => ({ month: m, label: formatMonth(m, true), longLabel: formatMonth(m), ...v }));
  const attestationsYear = monthly.reduce((a, m) => a + m.attestations, 0);
  const byObligation = sumRecords(rows, (r) => r.activeParcours?.byObligation);
  const obligationData = Object.entries(OBLIGATION_LABELS).map(([k, label]) => ({
    key: k,
    label,
    value: byObligation[k] ?? 0,
  }));
  const byStage = sumRecords(rows, (r) => r.activeParcours?.byStage);
  const stageData = (['awaiting-presentation', 'accueil', 'training'] as const).map((k) => ({
    key: k,
    label: STAGE_LABELS[k],
    value: byStage[k] ?? 0,
  }));
  const median = single ? (rows[0]?.medianDaysCardOrderToAttestation ?? null) : null;
  const caseload = rows
    .flatMap((r) => r.accompagnateurs ?? [])
    .map((a) => ({
      name: a.accompagnateur?.label ?? 'Non attribué',
      open: num(a.activeParcours),
      overdue: num(a.overdue),
      dueSoon: num(a.dueSoon),
    }));
  const dossiers = rows.reduce(
    (a, r) => ({
      opened: a.opened + num(r.nationalityDossiers?.opened),
      complete: a.complete + num(r.nationalityDossiers?.complete),
    }),
    { opened: 0, complete: 0 },
  );
  const dispenses = sumRecords(rows, (r) => r.dispensesByCategory);
  const dispenseRows = Object.entries(dispenses).filter(([, n]) => n > 0);
  const perCri = rows;

  return (
    <>
      <div className="kpis">
        <Kpi label="Parcours suivis" value={formatNumber(open)} />
        <Kpi
          label="En retard"
          value={formatNumber(overdue)}
          tone="danger"
          link={single ? '/dossiers?statut=overdue' : undefined}
        />
        <Kpi
          label="Échéance dans les 60 jours"
          value={formatNumber(dueSoon)}
          tone="warning"
          link={single ? '/dossiers?statut=due-soon' : undefined}
        />
        <Kpi label="Attestations (12 mois)" value={formatNumber(attestationsYear)} tone="ok" />
        {median !== null ? (
          <Kpi
            label="Délai médian commande du titre → attestation"
            value={`${formatNumber(Math.round(median))} jours`}
          />
        ) : null}
        <Kpi
          label="Dossiers nationalité (complets)"
          value={`${formatNumber(dossiers.opened)} (${formatNumber(dossiers.complete)})`}
        />
      </div>

      <div className="charts">
        <Chart
          id="chart-monthly"
          title="Ouvertures et attestations par mois"
          table={
            <DataTable
              caption="Ouvertures et attestations par mois"
              head={['Mois', 'Ouvertures', 'Attestations']}
              rows={monthly.map((m) => [m.longLabel, formatNumber(m.openings), formatNumber(m.attestations)])}
            />
          }
          wide
        >
          <ResponsiveContainer width="100%" height={260}>
            <BarChart
              data={monthly}
              accessibilityLayer={false}
              margin={{ top: 8, right: 8, left: 0, bottom: 0 }}
            >
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="label" tick={{ fill: '#24292f', fontSize: 12 }} />
              <YAxis allowDecimals={false} tick={{ fill: '#24292f', fontSize: 12 }} width={40} />
              <Tooltip
                labelFormatter={(_, p) =>
                  (p?.[0]?.payload as { longLabel?: string } | undefined)?.longLabel ?? ''
                }
              />
              <Legend formatter={legendText} />
              <Bar dataKey="openings" name="Ouvertures" fill={COLORS.primary} isAnimationActive={false} />
              <Bar
                dataKey="attestations"
                name="Attestations"
                fill={COLORS.secondary}
                isAnimationActive={false}
              />
            </BarChart>
          </ResponsiveContainer>
        </Chart>

        <Chart
          id="chart-obligation"
          title="Parcours suivis par public"
          table={
            <DataTable
              caption="Parcours suivis par public"
              head={['Public', 'Parcours']}
              rows={obligationData.map((o) => [o.label, formatNumber(o.value)])}
            />
          }
        >
          <ResponsiveContainer width="100%" height={240}>
            <PieChart accessibilityLayer={false}>
              <Pie
                data={obligationData}
                dataKey="value"
                nameKey="label"
                rootTabIndex={-1}
                innerRadius={50}
                outerRadius={85}
                isAnimationActive={false}
                label={(e: { value?: number }) => (e.value ? formatNumber(e.value) : '')}
              >
                {obligationData.map((o, i) => (
                  <Cell key={o.key} fill={PIE[i % PIE.length]} />
                ))}
              </Pie>
              <Tooltip />
              <Legend formatter={legendText} />
            </PieChart>
          </ResponsiveContainer>
        </Chart>

        <Chart
          id="chart-stage"
          title="Parcours suivis par étape"
          table={
            <DataTable
              caption="Parcours suivis par étape"
              head={['Étape', 'Parcours']}
              rows={stageData.map((s) => [s.label, formatNumber(s.value)])}
            />
          }
        >
          <ResponsiveContainer width="100%" height={240}>
            <BarChart
              data={stageData}
              accessibilityLayer={false}
              layout="vertical"
              margin={{ top: 8, right: 16, left: 8, bottom: 0 }}
            >
              <CartesianGrid strokeDasharray="3 3" horizontal={false} />
              <XAxis type="number" allowDecimals={false} tick={{ fill: '#24292f', fontSize: 12 }} />
              <YAxis type="category" dataKey="label" width={150} tick={{ fill: '#24292f', fontSize: 12 }} />
              <Tooltip />
              <Bar dataKey="value" name="Parcours" isAnimationActive={false}>
                {stageData.map((s, i) => (
                  <Cell key={s.key} fill={STAGE_COLORS[i % STAGE_COLORS.length]} />
                ))}
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        </Chart>

        {caseload.length > 0 ? (
          <Chart
            id="chart-caseload"
            title="Charge par accompagnateur·rice"
            table={
              <DataTable
                caption="Charge par accompagnateur·rice"
                head={['Accompagnateur·rice', 'Dossiers suivis', 'En retard', 'Échéance proche']}
                rows={caseload.map((a) => [
                  a.name,
                  formatNumber(a.open),
                  formatNumber(a.overdue),
                  formatNumber(a.dueSoon),
                ])}
              />
            }
            wide
          >
            <ResponsiveContainer width="100%" height={Math.max(160, 44 * caseload.length + 60)}>
              <BarChart
                data={caseload}
                accessibilityLayer={false}
                layout="vertical"
                margin={{ top: 8, right: 16, left: 8, bottom: 0 }}
              >
                <CartesianGrid strokeDasharray="3 3" horizontal={false} />
                <XAxis type="number" allowDecimals={false} tick={{ fill: '#24292f', fontSize: 12 }} />
                <YAxis type="category" dataKey="name" width={150} tick={{ fill: '#24292f', fontSize: 12 }} />
                <Tooltip />
                <Legend formatter={legendText} />
                <Bar dataKey="open" name="Suivis" fill={COLORS.primary} isAnimationActive={false} />
                <Bar dataKey="overdue" name="En retard" fill={COLORS.danger} isAnimationActive={false} />
                <Bar
                  dataKey="dueSoon"
                  name="Échéance proche"
                  fill={COLORS.warning}
                  isAnimationActive={false}
                />
              </BarChart>
            </ResponsiveContainer>
          </Chart>
        ) : null}
      </div>

      {dispenseRows.length > 0 ? (
        <section className="card" aria-labelledby="dispenses-title">
          <h2 id="dispenses-title">Dispenses par catégorie</h2>
          <DataTable
            caption="Dispenses par catégorie"
            visibleCaption={false}
            head={['Catégorie', 'Dispenses']}
            rows={dispenseRows.map(([k, n]) => [`${k} — ${labelOf(DISPENSE_LABELS, k)}`, formatNumber(n)])}
          />
        </section>
      ) : null}

      {!single && perCri.length > 0 ? (
        <section className="card" aria-labelledby="per-cri-title">
          <h2 id="per-cri-title">Par centre régional</h2>
          <DataTable
            caption="Indicateurs par centre régional"
            visibleCaption={false}
            head={[
              'CRI',
              'Suivis',
              'En retard',
              'Échéance proche',
              'Attestations (12 mois)',
              'Délai médian (jours)',
            ]}
            rows={perCri.map((r) => [
              <Link key="l" to={`/tableau-de-bord?cri=${r.criCode}`}>
                {criShort(r.criCode)}
              </Link>,
              formatNumber(num(r.activeParcours?.total)),
              formatNumber(num(r.overdue?.parcours)),
              formatNumber(num(r.dueSoon?.parcours)),
              formatNumber((r.months ?? []).reduce((a, m) => a + num(m.attestations), 0)),
              typeof r.medianDaysCardOrderToAttestation === 'number'
                ? formatNumber(Math.round(r.medianDaysCardOrderToAttestation))
                : '—',
            ])}
          />
        </section>
      ) : null}
    </>
  );
}

function Kpi({
  label,
  value,
  tone,
  link,
}: {
  label: string;
  value: string;
  tone?: 'danger' | 'warning' | 'ok';
  link?: string;
}) {
  const body = (
    <>
      <span className="kpi-value">{value}</span>
      <span className="kpi-label">{label}</span>
    </>
  );
  return (
    <div className={`kpi ${tone ? `kpi-${tone}` : ''}`}>{link ? <Link to={link}>{body}</Link> : body}</div>
  );
}

/** A chart and the same figures as a table (for screen readers, keyboard users and printing). */
function Chart({
  id,
  title,
  children,
  table,
  wide,
}: {
  id: string;
  title: string;
  children: ReactNode;
  table: ReactNode;
  wide?: boolean;
}) {
  return (
    <figure className={`card chart ${wide ? 'chart-wide' : ''}`} aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} className="chart-title">
        {title}
      </figcaption>
      <div aria-hidden="true">{children}</div>
      <details>
        <summary>Voir les données</summary>
        {table}
      </details>
    </figure>
  );
}

function DataTable({
  caption,
  head,
  rows,
  visibleCaption = true,
}: {
  caption: string;
  head: string[];
  rows: ReactNode[][];
  visibleCaption?: boolean;
}) {
  return (
    <div className="table-wrap">
      <table className="table table-compact">
        <caption className={visibleCaption ? undefined : 'visually-hidden'}>{caption}</caption>
        <thead>
          <tr>
            {head.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {r.map((cell, j) =>
                j === 0 ? (
                  <th key={j} scope="row">
                    {cell}
                  </th>
                ) : (
                  <td key={j}>{cell}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
