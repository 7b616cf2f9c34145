import type { Projection } from '@app/event-store';
import { parcoursReadProjection } from '@app/parcours';

/** Every read-model projection, run by the projector (and inline by the api in development). */
export const ALL_PROJECTIONS: Projection[] = [];

// Case list, case detail, deadlines at any date, dashboards (rm_parcours_v1, rm_deadline_segments_v1).
ALL_PROJECTIONS.push(parcoursReadProjection);
