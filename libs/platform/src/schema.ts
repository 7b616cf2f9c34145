import { EventStore1763700000000 } from '@app/event-store/postgres/migrations/1763700000000-event-store';
import { ProjectionFingerprint1763700000300 } from '@app/event-store/postgres/migrations/1763700000300-projection-fingerprint';
import { ParkedEvents1763700004700 } from '@app/event-store/postgres/migrations/1763700004700-parked-events';
import { PARCOURS_READ_ENTITIES } from '@app/parcours';
import { ParcoursReadModels1763700001000 } from '@app/parcours/migrations/1763700001000-parcours-read-models';
import { ParcoursReadFastPaths1763700003000 } from '@app/parcours/migrations/1763700003000-parcours-read-fast-paths';
import { ParcoursMetLate1763700004600 } from '@app/parcours/migrations/1763700004600-met-late';
import { SanctionsDocuments1763700002600 } from '@app/sanctions/migrations/1763700002600-sanctions-documents';
import { Application1763700000100 } from './migrations/1763700000100-application';
import { Privacy1763700000200 } from './migrations/1763700000200-privacy';
import { Security1763700004300 } from './migrations/1763700004300-security';
import { ExactlyOnce1763700004400 } from './migrations/1763700004400-exactly-once';
import { UserProfiles1763700004500 } from './migrations/1763700004500-user-profiles';
import { DocumentReferences1763700004800 } from './migrations/1763700004800-document-references';

/** Every TypeORM migration of the product, in order. */
export const ALL_MIGRATIONS = [
  EventStore1763700000000,
  Application1763700000100,
  Privacy1763700000200,
  ProjectionFingerprint1763700000300,
  // Parcours read models: rm_parcours_v1, rm_deadline_segments_v1.
  ParcoursReadModels1763700001000,
  // Sanction procedures (rm_sanctions_v1, app_sanction_claims) and the registry of issued documents (doc_issued).
  SanctionsDocuments1763700002600,
  // Fast paths of the read side: rm_parcours_v1.overdue_from and the indexes of the lists.
  ParcoursReadFastPaths1763700003000,
  // Sessions (logout, revocation) and login attempts, shared by the api replicas (docs/security.md).
  Security1763700004300,
  // Claim owners, attestation number reservations, append-only es_events (docs/decisions/0017-exactly-once.md).
  ExactlyOnce1763700004400,
  // Display names of the identity provider's users (issue 15).
  UserProfiles1763700004500,
  // Deadlines met after their due date: `met-late` (domain.md §10).
  ParcoursMetLate1763700004600,
  // Events a projection could not apply, parked for their stream only (issue 14).
  ParkedEvents1763700004700,
  // The attestation number of an issued document, for the verification of revoked attestations (issue 17).
  DocumentReferences1763700004800,
];

/** Every TypeORM entity (read models). */
export const ALL_ENTITIES: Function[] = [...PARCOURS_READ_ENTITIES];
