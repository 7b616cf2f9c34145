/**
 * Shapes of the api's answers (api.md). The OpenAPI document types every request (paths, query
 * parameters, bodies: see schema.d.ts) but declares no response bodies yet, so the answers are typed here.
 * Personal fields may read « donnée effacée » after an erasure: they are plain strings everywhere.
 */

export type Role = 'accompagnateur' | 'coordinateur' | 'administration' | 'sanctioning-officer' | 'admin';
export type Obligation = 'obliged' | 'voluntary' | 'dispensed';
export type Stage = 'awaiting-presentation' | 'accueil' | 'training' | 'attestation-issued' | 'closed';
export type DeadlineKind = 'presentation' | 'attestation' | 'evaluation';
export type DeadlineStatus =
  | 'on-track'
  | 'due-soon'
  | 'overdue'
  | 'met'
  | 'met-late'
  | 'dispensed'
  | 'suspended'
  | 'closed'
  | 'not-applicable';
export type Axis = 'french' | 'citizenship' | 'isp';

export interface User {
  id: string;
  username: string;
  role: Role;
  cri: string | null;
  displayName?: string;
}

export interface LoginResult {
  accessToken: string;
  user: User;
}

export interface CommandResult {
  parcoursId: string;
  version: number;
}

export interface Reason {
  code: string;
  label: string;
}

export interface OpenParcoursResult extends CommandResult {
  obligation: Obligation;
  obligationReasons: Reason[];
  regime?: string | null;
}

export interface AttestationResult extends CommandResult {
  attestationNumber: string | null;
}

export interface ParcoursListItem {
  parcoursId: string;
  person: { lastName: string | null; firstName: string | null; birthDate: string | null };
  criCode: string;
  obligation: Obligation;
  stage: Stage;
  deadlineStatus: DeadlineStatus;
  deadlineKind?: DeadlineKind | null;
  deadlineDueOn?: string | null;
  attestationDeadline: string | null;
  accompagnateurId?: string | null;
  /** Who follows the case, by name: « Aline Dupont (CAI) ». */
  accompagnateur?: StaffName | null;
  openedOn?: string | null;
  /** The transfer that brought the case into its CRI (null when opened there). */
  transferredIn?: { fromCri: string; date: string } | null;
}

/** A person of the staff as screens show them. */
export interface StaffName {
  id: string;
  displayName: string;
  cri: string | null;
  label: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
  asOf?: string;
}

export interface AxisProgress {
  required: boolean;
  hoursDone: number;
  hoursRequired: number | null;
  levelReached: string | null;
  met: boolean;
}

export interface Deadline {
  kind: DeadlineKind;
  dueOn: string | null;
  status: DeadlineStatus;
  explanation: string[];
  metOn?: string | null;
  daysLate?: number | null;
}

export interface Person {
  lastName: string;
  firstName: string;
  birthDate: string;
  nationality: string;
  /** French name of the country (« Syrie »). */
  nationalityName?: string | null;
  niss: string | null;
  sex: string | null;
  contactLanguage: string | null;
  contactLanguageName?: string | null;
}

export interface CommuneView {
  code: string;
  name: string;
  postcode: string;
  /** The commune it became after a merger, when the code is an old one. */
  current: { code: string; name: string } | null;
}

export interface TrainingPeriod {
  operator: string;
  from: string;
  to: string;
  hours: number;
  language?: string | null;
}

export interface ParcoursDetail {
  parcoursId: string;
  version: number;
  /** Whether the case's read model waits on a parked event (issue 14). */
  readModel?: { parked: { since: string; events: number } | null };
  /** Set when the case is shown as recorded at an instant (`knownAt`). */
  knownAt?: string;
  asOf?: string;
  status?: 'open' | 'closed' | 'none';
  stage: Stage;
  person: Person | null;
  personalDataErasedOn?: string | null;
  criCode: string;
  communeCode?: string;
  commune?: CommuneView | null;
  accompagnateurId?: string | null;
  accompagnateur?: StaffName | null;
  openedOn?: string | null;
  communeRegistrationDate?: string | null;
  cardOrderDate?: string | null;
  legalStaySince?: string | null;
  obligation: Obligation;
  obligationReasons: Reason[];
  regime: { id: string; label: string; source?: string; confidence?: string } | null;
  accueil?: {
    presentedOn: string | null;
    rightsAndDutiesOn: string | null;
    bilanSocial: { date: string; needs: string[] } | null;
    frenchPositionings: Array<{ date: string; level: string; test: string | null }>;
    complete: boolean;
  };
  convention?: {
    firstSignedOn: string;
    signedOn: string;
    includesFrench: boolean;
    includesIsp: boolean;
    citizenshipLanguage: string | null;
    amendments: number;
  } | null;
  progress: { french: AxisProgress; citizenship: AxisProgress; isp: AxisProgress };
  requirements?: { met: boolean; missing: Reason[]; ispRequired: boolean; frenchValidation: string | null };
  deadlines: Deadline[];
  attestation: { issuedOn: string; attestationNumber: string } | null;
  dispense: {
    category: string;
    label?: string;
    decidedOn: string | null;
    evidence: string | null;
    automatic?: boolean;
  } | null;
  extensions?: Array<{
    decidedOn: string;
    until: string;
    reason: string;
    decidedBy: string;
    evidence: string | null;
  }>;
  suspensions?: Array<{ from: string; to: string | null; reason: string; evidence: string | null }>;
  trainingUnavailability?: Array<{ axis: Axis; from: string; to: string | null }>;
  trainings?: {
    french: TrainingPeriod[];
    citizenship: TrainingPeriod[];
    isp: Array<{ provider: string; date: string; hours: number }>;
    frenchCertifications: Array<{
      date: string;
      level: string;
      issuer: string;
      test: string | null;
      oralOnly: boolean;
    }>;
  };
  evaluations?: Array<{
    date: string;
    convocation: string;
    attended: boolean;
    absenceJustified: boolean | null;
    notes: string | null;
  }>;
  transfers?: Array<{ date: string; fromCri: string; toCri: string; communeCode: string }>;
  closure?: { date: string; reason: string; note: string | null } | null;
  nationalityDossier?: {
    openedOn: string;
    basis: string;
    complete: boolean;
    conditions: Array<{
      condition: string;
      label: string;
      status: 'covered' | 'missing' | 'at-risk';
      note: string | null;
    }>;
    proofs: Array<{ kind: string; issuer: string; date: string; reference: string | null }>;
  } | null;
}

export interface HistoryActor {
  username: string;
  role: string;
  cri: string | null;
  displayName?: string;
  label?: string;
}

export interface HistoryItem {
  type: string;
  version: number;
  recordedAt: string;
  actor: HistoryActor;
  data: Record<string, unknown>;
  /** Set when the entry was cancelled (api.md v2): who, when, why. */
  cancelled?: {
    version: number;
    reason: string;
    reasonLabel: string;
    note: string | null;
    cancelledOn: string;
    recordedAt: string;
    actor: HistoryActor;
  } | null;
}

export interface ComplianceItem {
  parcoursId: string;
  person: { lastName: string | null; firstName: string | null } | null;
  criCode: string;
  kind: DeadlineKind;
  dueOn: string | null;
  status: DeadlineStatus;
  daysLate?: number | null;
  explanation?: string[];
}

export interface DeadlineCounts {
  parcours: number;
  presentation: number;
  attestation: number;
  evaluation: number;
}

/** GET /api/dashboards/cri → {asOf, items: CriDashboard[]}; GET /api/dashboards/cri/:code → CriDashboard with accompagnateurs. */
export interface CriDashboard {
  criCode: string;
  label?: string;
  asOf?: string;
  /** Cases being followed: open, no attestation yet. */
  activeParcours: { total: number; byObligation: Record<string, number>; byStage: Record<string, number> };
  overdue: DeadlineCounts;
  dueSoon: DeadlineCounts;
  /** Last 12 months, oldest first. */
  months: Array<{ month: string; openings: number; attestations: number }>;
  medianDaysCardOrderToAttestation: number | null;
  dispensesByCategory: Record<string, number>;
  nationalityDossiers: { opened: number; complete: number };
  accompagnateurs?: Array<{
    accompagnateurId: string | null;
    accompagnateur?: StaffName | null;
    activeParcours: number;
    overdue: number;
    dueSoon: number;
  }>;
}

export type SanctionBreach = 'presentation' | 'attestation';

export interface SanctionableCase {
  parcoursId: string;
  person: { lastName: string | null; firstName: string | null } | null;
  criCode: string;
  breach: SanctionBreach;
  anchorOn: string | null;
  dueOn: string;
  daysOverdue: number;
  regimeId: string;
  fineRange: { min: number; max: number };
  explanation: string[];
}

export interface SanctionProcedureSummary {
  procedureId: string;
  parcoursId: string;
  criCode: string;
  breach: SanctionBreach;
  breachLabel?: string;
  stage: string;
  stageLabel?: string;
  status: 'open' | 'closed';
  reportedOn: string;
  deadline?: { anchorOn: string | null; dueOn: string | null; explanation?: string[] } | null;
  decision?: {
    outcome: 'fine' | 'dismissed';
    decidedOn: string | null;
    amount?: number | null;
    reason?: string | null;
    reasonLabel?: string;
  } | null;
  amounts?: { due: number; paid: number; remaining: number };
  person?: { lastName: string | null; firstName: string | null; birthDate?: string | null } | null;
  version?: number;
}

export interface SanctionProcedureDetail extends SanctionProcedureSummary {
  regimeId?: string;
  notice?: { sentOn: string; respondBy: string; count?: number } | null;
  defences?: Array<{ receivedOn: string; late?: boolean }>;
  appeal?: { lodgedOn: string; outcome: string | null; decidedOn?: string | null } | null;
  withdrawnOn?: string | null;
  closedOn?: string | null;
  steps?: Array<{
    type: string;
    label?: string;
    version: number;
    recordedAt: string;
    actor: { username: string; role: string; displayName?: string; label?: string };
    data: Record<string, unknown>;
  }>;
}
