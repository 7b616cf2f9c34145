import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ParcoursState } from '../domain';

/** rm_parcours_v1: one row per parcours (written by the parcours_read_v1 projection only). */
@Entity({ name: 'rm_parcours_v1' })
export class ParcoursReadEntity {
  @PrimaryColumn({ name: 'parcours_id', type: 'text' })
  parcoursId!: string;

  /** Stream version applied (bigint, returned as a string by pg). */
  @Column({ type: 'bigint' })
  version!: string;

  @Column({ name: 'cri_code', type: 'text' })
  criCode!: string;

  @Column({ name: 'opening_cri_code', type: 'text' })
  openingCriCode!: string;

  @Column({ name: 'accompagnateur_id', type: 'text', nullable: true })
  accompagnateurId!: string | null;

  @Column({ name: 'last_name', type: 'text', nullable: true })
  lastName!: string | null;

  @Column({ name: 'first_name', type: 'text', nullable: true })
  firstName!: string | null;

  /** Text, not date: reads « donnée effacée » after erasure. */
  @Column({ name: 'birth_date', type: 'text', nullable: true })
  birthDate!: string | null;

  @Column({ type: 'text', nullable: true })
  niss!: string | null;

  @Column({ name: 'search_text', type: 'text' })
  searchText!: string;

  @Column({ name: 'sort_name', type: 'text' })
  sortName!: string;

  @Column({ type: 'text' })
  obligation!: string;

  @Column({ type: 'text' })
  stage!: string;

  @Column({ type: 'text' })
  status!: string;

  @Column({ name: 'regime_id', type: 'text', nullable: true })
  regimeId!: string | null;

  @Column({ name: 'opened_on', type: 'date', nullable: true })
  openedOn!: string | null;

  @Column({ name: 'commune_registration_date', type: 'date', nullable: true })
  communeRegistrationDate!: string | null;

  @Column({ name: 'card_order_date', type: 'date', nullable: true })
  cardOrderDate!: string | null;

  @Column({ name: 'presented_on', type: 'date', nullable: true })
  presentedOn!: string | null;

  @Column({ name: 'convention_signed_on', type: 'date', nullable: true })
  conventionSignedOn!: string | null;

  @Column({ name: 'attestation_issued_on', type: 'date', nullable: true })
  attestationIssuedOn!: string | null;

  @Column({ name: 'attestation_cri_code', type: 'text', nullable: true })
  attestationCriCode!: string | null;

  @Column({ name: 'closed_on', type: 'date', nullable: true })
  closedOn!: string | null;

  @Column({ name: 'dispense_categories', type: 'text', array: true })
  dispenseCategories!: string[];

  @Column({ name: 'nationality_dossier_opened_on', type: 'date', nullable: true })
  nationalityDossierOpenedOn!: string | null;

  @Column({ name: 'nationality_dossier_complete', type: 'boolean', nullable: true })
  nationalityDossierComplete!: boolean | null;

  @Column({ name: 'erased_on', type: 'date', nullable: true })
  erasedOn!: string | null;

  /** The domain's folded ParcoursState: the detail query runs the domain's rules on it. */
  @Column({ type: 'jsonb' })
  state!: ParcoursState;

  @Column({ name: 'segments_key', type: 'text' })
  segmentsKey!: string;

  /** Generated from the tail columns (migration 1763700003000): the date from which the case is overdue. */
  @Column({ name: 'overdue_from', type: 'date', nullable: true, insert: false, update: false })
  overdueFrom!: string | null;
}

/** rm_deadline_segments_v1: the deadlines of each parcours as segments over asOf (see deadline-segments.ts). */
@Entity({ name: 'rm_deadline_segments_v1' })
export class DeadlineSegmentEntity {
  @PrimaryColumn({ name: 'parcours_id', type: 'text' })
  parcoursId!: string;

  @PrimaryColumn({ type: 'text' })
  kind!: string;

  @PrimaryColumn({ type: 'smallint' })
  seq!: number;

  @Column({ name: 'cri_code', type: 'text' })
  criCode!: string;

  /** Inclusive; '-infinity' for the first segment. */
  @Column({ name: 'valid_from', type: 'date' })
  validFrom!: string;

  /** Exclusive; 'infinity' for the last segment. */
  @Column({ name: 'valid_to', type: 'date' })
  validTo!: string;

  @Column({ name: 'due_on', type: 'date', nullable: true })
  dueOn!: string | null;

  @Column({ name: 'due_grows', type: 'boolean' })
  dueGrows!: boolean;

  @Column({ name: 'fixed_status', type: 'text', nullable: true })
  fixedStatus!: string | null;

  @Column({ type: 'boolean' })
  obliged!: boolean;
}

/** rm_cri_counts_v1: dashboard figures per CRI kept by the projection (see cri-counts.ts). */
@Entity({ name: 'rm_cri_counts_v1' })
export class CriCountEntity {
  @PrimaryColumn({ name: 'cri_code', type: 'text' })
  criCode!: string;

  @PrimaryColumn({ type: 'text' })
  metric!: string;

  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Column({ type: 'integer' })
  n!: number;
}

export const PARCOURS_READ_ENTITIES = [ParcoursReadEntity, DeadlineSegmentEntity, CriCountEntity];
