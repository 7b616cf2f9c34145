/**
 * A tiny, generic given/when/then for deciders (test-only, not exported from the library):
 *
 *   given(events).when(command).then(expectedEvents)
 *   given(events).when(command).thenThrows('CODE')
 */
export type Decider<Command, Event, State, Context> = {
  readonly decide: (command: Command, state: State, context: Context) => Event[];
  readonly evolve: (state: State, event: Event) => State;
  readonly initialState: State;
};

export type ThrownError = Error & {
  readonly code?: string;
  readonly title?: string;
  readonly detail?: string;
  readonly missing?: unknown;
};

export type When<Event> = {
  /** The command produced exactly these events. */
  then(expected: Event[]): Event[];
  /** The command produced events; returns them for further assertions. */
  thenEvents(): Event[];
  /** The command was refused with this code; returns the error for further assertions. */
  thenThrows(code: string): ThrownError;
};

export type Given<Command, Event, Context> = {
  when(command: Command, context?: Context): When<Event>;
};

export function givenWhenThen<Command, Event, State, Context>(
  decider: Decider<Command, Event, State, Context>,
  defaultContext: Context,
  /** How users read a refusal (the edge's catalogue): thenThrows returns the error with its title and detail. */
  describe: (error: never) => { readonly title: string; readonly detail?: string } = () => ({ title: '' }),
) {
  return function given(events: readonly Event[] = []): Given<Command, Event, Context> {
    return {
      when(command: Command, context: Context = defaultContext): When<Event> {
        const run = () =>
          decider.decide(command, events.reduce(decider.evolve, decider.initialState), context);
        return {
          then(expected: Event[]) {
            const actual = run();
            expect(actual).toEqual(expected);
            return actual;
          },
          thenEvents() {
            return run();
          },
          thenThrows(code: string) {
            let thrown: unknown;
            let produced: Event[] | undefined;
            try {
              produced = run();
            } catch (error) {
              thrown = error;
            }
            if (thrown === undefined) {
              throw new Error(`Expected ${code}, but the command produced ${JSON.stringify(produced)}`);
            }
            expect((thrown as ThrownError).code).toBe(code);
            const { title, detail } = describe(thrown as never);
            return Object.assign(thrown as ThrownError, { title, detail });
          },
        };
      },
    };
  };
}
