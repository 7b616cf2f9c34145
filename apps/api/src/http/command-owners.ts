import {
  Global,
  Inject,
  Injectable,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { DATABASE_URL } from '../infrastructure/infrastructure.module';

/** The tables whose rows carry an `owner` while the request that claimed them runs. */
const OWNED_TABLES = [
  'app_idempotency_keys',
  'app_niss_claims',
  'app_sanction_claims',
  'app_attestation_numbers',
] as const;
/** How often this instance clears the owner of claims whose request ended without clearing it (e.g. the database was down). */
const SWEEP_MS = 2_000;
const RECONNECT_MS = 500;

/**
 * Who holds a claim, and whether it still runs (docs/decisions/0017-exactly-once.md).
 *
 * A claim (idempotency key, NISS, open sanction procedure, attestation number) records `<instance>/<token>`: the api
 * instance and the request that took it. A claim is abandoned — a retry may take it over — when its owner is NULL
 * (the request ended: it cleared it, or this instance's sweep did) or when its instance is dead. An instance is alive
 * while it holds a session advisory lock on its own id: PostgreSQL frees the lock the moment the process dies
 * (kill -9 closes its connection) or the server restarts. Never by age: a slow live request is never run twice.
 */
@Injectable()
export class CommandOwners implements OnModuleInit, OnApplicationShutdown {
  readonly instanceId = randomUUID();
  private readonly inFlight = new Set<string>();
  private liveness: Client | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.holdLivenessLock().catch(() => this.scheduleReconnect());
    this.sweepTimer = setInterval(() => void this.sweep().catch(() => undefined), SWEEP_MS);
    this.sweepTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    await this.liveness?.end().catch(() => undefined);
  }

  /** A new owner token for one request; `end` it when the request is over, whatever its outcome. */
  begin(): string {
    const owner = `${this.instanceId}/${randomUUID()}`;
    this.inFlight.add(owner);
    return owner;
  }

  end(owner: string): void {
    this.inFlight.delete(owner);
  }

  /** Whether the request behind `owner` may still be running (then its claim must not be taken over). */
  async isRunning(owner: string | null): Promise<boolean> {
    if (owner === null) return false;
    const [instance] = owner.split('/');
    if (instance === this.instanceId) return this.inFlight.has(owner);
    const [row]: Array<{ dead: boolean }> = await this.db.query(
      `SELECT CASE WHEN pg_try_advisory_lock(hashtextextended($1, 14)) THEN pg_advisory_unlock(hashtextextended($1, 14)) ELSE false END AS dead`,
      [instance],
    );
    return !row.dead;
  }

  /** Clears the owner of this instance's claims whose request is over (a request cannot always clear its own). */
  async sweep(): Promise<void> {
    const running = [...this.inFlight];
    for (const table of OWNED_TABLES) {
      await this.db.query(
        `UPDATE ${table} SET owner = NULL WHERE owner LIKE $1 AND NOT (owner = ANY($2::text[]))`,
        [`${this.instanceId}/%`, running],
      );
    }
  }

  private async holdLivenessLock(): Promise<void> {
    const client = new Client({
      connectionString: this.databaseUrl,
      application_name: 'jalon-liveness',
      connectionTimeoutMillis: 5000,
    });
    const lost = () => {
      if (this.liveness === client) this.liveness = null;
      this.scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', lost);
    await client.connect();
    await client.query('SELECT pg_advisory_lock(hashtextextended($1, 14))', [this.instanceId]);
    this.liveness = client;
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer || this.liveness) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.holdLivenessLock().catch(() => this.scheduleReconnect());
    }, RECONNECT_MS);
    this.reconnectTimer.unref();
  }
}

@Global()
@Module({ providers: [CommandOwners], exports: [CommandOwners] })
export class CommandOwnersModule {}
