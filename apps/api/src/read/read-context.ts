import { Inject, Injectable } from '@nestjs/common';
import type { RuleConfig } from '@app/parcours';
import { belgianDate, CLOCK, RULES, type Clock } from '@app/platform';
import { isCriBound, type AuthenticatedUser } from '../auth/roles';

/** What every query needs: today's date from the injected clock, the rules, and the reader's scope. */
@Injectable()
export class ReadContext {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RULES) readonly rules: RuleConfig,
  ) {}

  /** Today in Belgium (YYYY-MM-DD). */
  today(): string {
    return belgianDate(this.clock.now());
  }

  asOf(requested: string | undefined): string {
    return requested ?? this.today();
  }

  /**
   * The CRI the reader is confined to (accompagnateur, coordinateur), or null for regional roles. A CRI user who
   * asks for another CRI gets nothing (`'none'`): another CRI's cases never appear, not even as a count.
   */
  scope(user: AuthenticatedUser, requestedCri: string | undefined): { cri: string | null } | 'none' {
    if (!isCriBound(user)) return { cri: requestedCri ?? null };
    if (requestedCri !== undefined && requestedCri !== user.cri) return 'none';
    return { cri: user.cri };
  }

  /** Whether the reader may see a case filed under `criCode`. */
  canSee(user: AuthenticatedUser, criCode: string): boolean {
    return !isCriBound(user) || user.cri === criCode;
  }
}

/** A tiny builder of positional parameters for hand-written SQL. */
export class SqlParams {
  readonly values: unknown[] = [];
  add(value: unknown, cast = ''): string {
    this.values.push(value);
    return `$${this.values.length}${cast}`;
  }
}
