import type { Projection } from '@app/event-store';
import { createParcoursReadProjection, defaultRuleConfig, type RuleConfig } from '@app/parcours';
import { sanctionsReadProjection } from '@app/sanctions/read-models';

/** Every read-model projection, run by the projector (and inline by the api in development), for these rules. */
export const allProjections = (rules: RuleConfig): Projection[] => [
  // Case list, case detail, deadlines at any date, dashboards (rm_parcours_v1, rm_deadline_segments_v1).
  createParcoursReadProjection(rules),
  // Sanction procedures list (rm_sanctions_v1).
  sanctionsReadProjection,
];

/** The projections' names (they do not depend on the rules). */
export const PROJECTION_NAMES: readonly string[] = allProjections(defaultRuleConfig).map((p) => p.name);
