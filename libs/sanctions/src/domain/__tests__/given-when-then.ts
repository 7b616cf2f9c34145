/**
 * given(events).when(command).then(events) / .thenThrows(code): the one vocabulary of decider tests.
 * Generic over any decide/evolve pair; `sanctionSpec` below binds it to the sanction procedure.
 */
export type Decider<Command, Event, State, Context> = {
  decide: (command: Command, state: State, ctx: Context) => Event[];
  evolve: (state: State, event: Event) => State;
  initialState: State;
};

export type Outcome<Event, State> =
  { ok: true; events: Event[]; state: State } | { ok: false; error: unknown };

export type When<Event, State> = {
  /** The command is accepted and records exactly these events. */
  then(expected: Event[]): void;
  /** The command is refused with this stable code (and, if given, a detail matching `detail`). */
  thenThrows(code: string, detail?: string | RegExp): void;
  /** The raw result, for assertions the two above do not express. */
  result(): Outcome<Event, State>;
  /** The events recorded (fails the test if the command was refused). */
  events(): Event[];
  /** The state after the recorded events (fails the test if the command was refused). */
  state(): State;
};

export function makeGivenWhenThen<Command, Event, State, Context>(
  decider: Decider<Command, Event, State, Context>,
  defaultContext: () => Context,
  /** How users read a refusal (the edge's catalogue): thenThrows checks its title and detail. */
  describe: (error: never) => { readonly title: string; readonly detail?: string } = () => ({ title: '' }),
) {
  return function given(...history: Event[]) {
    const before = history.reduce(decider.evolve, decider.initialState);
    return {
      state: before,
      when(command: Command, context: Context = defaultContext()): When<Event, State> {
        const run = (): Outcome<Event, State> => {
          try {
            const events = decider.decide(command, before, context);
            return { ok: true, events, state: events.reduce(decider.evolve, before) };
          } catch (error) {
            return { ok: false, error };
          }
        };
        const accepted = () => {
          const outcome = run();
          if (!outcome.ok)
            throw new Error(
              `Expected the command to be accepted, it was refused: ${describeError(outcome.error)}`,
            );
          return outcome;
        };
        return {
          then(expected) {
            expect(accepted().events).toEqual(expected);
          },
          thenThrows(code, detail) {
            const outcome = run();
            if (outcome.ok) {
              throw new Error(
                `Expected ${code}, the command was accepted with ${JSON.stringify(outcome.events)}`,
              );
            }
            const thrown = outcome.error as { code?: unknown };
            expect(thrown.code).toBe(code);
            const error = describe(outcome.error as never);
            expect(typeof error.title).toBe('string');
            expect((error.title as string).length).toBeGreaterThan(0);
            if (detail !== undefined) expect(error.detail).toMatch(detail);
          },
          result: run,
          events: () => accepted().events,
          state: () => accepted().state,
        };
      },
    };
  };
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
