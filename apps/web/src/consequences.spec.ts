import type { Deadline, ParcoursDetail } from './api/types';
import { consequences } from './consequences';

type Shown = Pick<ParcoursDetail, 'obligation' | 'stage' | 'deadlines' | 'progress'>;
const axis = (hoursDone: number) => ({
  required: true,
  hoursDone,
  hoursRequired: 400,
  levelReached: null,
  met: false,
});
const deadline = (kind: Deadline['kind'], dueOn: string, status: Deadline['status']): Deadline => ({
  kind,
  dueOn,
  status,
  explanation: [],
});
const base: Shown = {
  obligation: 'obliged',
  stage: 'training',
  deadlines: [
    deadline('attestation', '2026-06-30', 'due-soon'),
    deadline('evaluation', '2026-08-01', 'on-track'),
  ],
  progress: { french: axis(260), citizenship: axis(60), isp: axis(4) },
};

describe('consequences of a command, as the confirmation names them', () => {
  it('names a moved deadline and its new status, in French', () => {
    const after: Shown = {
      ...base,
      deadlines: [deadline('attestation', '2028-01-02', 'on-track'), base.deadlines[1]],
    };
    expect(consequences(base, after)).toEqual([
      "Attestation de fréquentation : l'échéance passerait du 30/06/2026 au 02/01/2028",
      'Attestation de fréquentation : échéance proche → dans les délais',
    ]);
  });
  it('names hours that would no longer count and a change of public', () => {
    const after: Shown = {
      ...base,
      obligation: 'dispensed',
      progress: { ...base.progress, french: axis(130) },
      deadlines: [base.deadlines[1]],
    };
    expect(consequences(base, after)).toEqual([
      'Public : Public obligé → Dispensé',
      "Attestation de fréquentation : l'échéance disparaîtrait",
      'Français (FLE) : 260 h → 130 h',
    ]);
  });
  it('is empty when nothing shown changes', () => {
    expect(consequences(base, { ...base })).toEqual([]);
  });
});
