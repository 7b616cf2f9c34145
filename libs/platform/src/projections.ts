import type { Projection } from '@app/event-store';

/** Every read-model projection, run by the projector (and inline by the api in development). */
export const ALL_PROJECTIONS: Projection[] = [];
