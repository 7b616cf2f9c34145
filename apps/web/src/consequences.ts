import type { ParcoursDetail } from './api/types';
import { formatDate, formatHours } from './format';
import {
  AXIS_LABELS,
  DEADLINE_KIND_LABELS,
  DEADLINE_STATUS_LABELS,
  OBLIGATION_LABELS,
  STAGE_LABELS,
} from './labels';

/**
 * What a command would change, in French, from the case as it is to the case a what-if (`dryRun`) returns:
 * « Attestation de fréquentation : l'échéance passerait du 30/06/2026 au 02/01/2028 ». Empty when nothing a user
 * reads on the page would change.
 */
export function consequences(
  before: Pick<ParcoursDetail, 'obligation' | 'stage' | 'deadlines' | 'progress'>,
  after: Pick<ParcoursDetail, 'obligation' | 'stage' | 'deadlines' | 'progress'>,
): string[] {
  const lines: string[] = [];
  if (before.obligation !== after.obligation)
    lines.push(`Public : ${OBLIGATION_LABELS[before.obligation]} → ${OBLIGATION_LABELS[after.obligation]}`);
  if (before.stage !== after.stage)
    lines.push(
      `Étape : ${STAGE_LABELS[before.stage] ?? before.stage} → ${STAGE_LABELS[after.stage] ?? after.stage}`,
    );
  const kinds = new Set([...before.deadlines, ...after.deadlines].map((d) => d.kind));
  for (const kind of kinds) {
    const was = before.deadlines.find((d) => d.kind === kind);
    const will = after.deadlines.find((d) => d.kind === kind);
    const label = DEADLINE_KIND_LABELS[kind];
    if (!was && will) lines.push(`${label} : nouvelle échéance le ${formatDate(will.dueOn)}`);
    else if (was && !will) lines.push(`${label} : l'échéance disparaîtrait`);
    else if (was && will) {
      if (was.dueOn !== will.dueOn)
        lines.push(
          `${label} : l'échéance passerait du ${formatDate(was.dueOn)} au ${formatDate(will.dueOn)}`,
        );
      if (was.status !== will.status)
        lines.push(
          `${label} : ${DEADLINE_STATUS_LABELS[was.status].toLowerCase()} → ${DEADLINE_STATUS_LABELS[will.status].toLowerCase()}`,
        );
    }
  }
  for (const axis of ['french', 'citizenship', 'isp'] as const) {
    const was = before.progress[axis];
    const will = after.progress[axis];
    if (was.hoursDone !== will.hoursDone)
      lines.push(`${AXIS_LABELS[axis]} : ${formatHours(was.hoursDone)} → ${formatHours(will.hoursDone)}`);
  }
  return lines;
}
