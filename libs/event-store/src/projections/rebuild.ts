import { Client } from 'pg';
import type { EventStore, RecordedEvent } from '../event-store.port';
import type { Projection } from './projection';
import { liveTx, quoteIdent } from './tx';
import { applyParking, recordParked, skippedPositions, type ParkedEvent } from './parking';

export interface RebuildOptions {
  connectionString: string;
  batchSize?: number;
  onProgress?: (done: bigint, head: bigint) => void;
}

export interface RebuildResult {
  projection: string;
  events: number;
  position: bigint;
  seconds: number;
  /** Events parked for their stream (a value the read model cannot hold, a bug): the rebuild went on around them. */
  parked: ParkedEvent[];
}

const REBUILD_SUFFIX = '__rebuild';

/** Index definitions of a table, without their names, mapped to the names. */
async function indexDefinitions(client: Client, table: string): Promise<Map<string, string>> {
  const { rows } = await client.query<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1`,
    [table],
  );
  return new Map(rows.map((r) => [r.indexdef.replace(/INDEX \S+ ON \S+/, 'INDEX ON'), r.indexname]));
}

/**
 * Rebuilds a projection from position 0 into fresh copies of its tables, then swaps them in.
 *
 * The copies are filled in batched transactions while the live projection keeps serving. The swap transaction
 * locks the projection's checkpoint row first (a live runner takes that row lock before touching its tables, so
 * there is no deadlock), applies what was appended meanwhile, replaces the tables and sets the checkpoint.
 * An event the projection cannot apply is parked for its stream, as the live runner does (parking.ts): the rebuild
 * goes on, and its parked events replace the projection's open ones at the swap. Skipped events stay skipped.
 */
export async function rebuildProjection(
  store: EventStore,
  projection: Projection,
  options: RebuildOptions,
): Promise<RebuildResult> {
  const started = Date.now();
  const batchSize = options.batchSize ?? 2000;
  const client = new Client({
    connectionString: options.connectionString,
    application_name: 'jalon-rebuild',
  });
  await client.connect();
  const fresh = (name: string): string => `${name}${REBUILD_SUFFIX}`;
  const tx = liveTx(client, fresh);
  let count = 0;
  try {
    for (const table of projection.tables) {
      await client.query(`DROP TABLE IF EXISTS ${quoteIdent(fresh(table))}`);
      await client.query(
        `CREATE TABLE ${quoteIdent(fresh(table))} (LIKE ${quoteIdent(table)} INCLUDING ALL)`,
      );
    }
    let position = 0n;
    const skipped = await skippedPositions(client, projection.name);
    const parkedStreams = new Set<string>();
    const parked: ParkedEvent[] = [];
    const applyAll = async (batch: RecordedEvent[]): Promise<void> => {
      const wanted = skipped.size === 0 ? batch : batch.filter((e) => !skipped.has(e.globalPosition));
      parked.push(...(await applyParking(projection, wanted, tx, client, parkedStreams)));
    };
    const read = (after: bigint) =>
      store.readAll({ after, limit: batchSize, streamPrefix: projection.streamPrefix });
    const catchUp = async (head: bigint): Promise<void> => {
      // The next batch is read while this one is written (reads and writes use different connections).
      let next = read(position);
      while (true) {
        const batch = await next;
        if (batch.length === 0) return;
        next = read(batch[batch.length - 1].globalPosition);
        next.catch(() => undefined); // awaited at the next turn; an error of this batch's apply comes first
        await client.query('BEGIN');
        await applyAll(batch);
        await client.query('COMMIT');
        count += batch.length;
        position = batch[batch.length - 1].globalPosition;
        options.onProgress?.(position, head > position ? head : position);
      }
    };
    await catchUp(await store.headPosition());
    // Fresh statistics for the planner before the tables serve queries (a bulk-filled table has none yet).
    for (const table of projection.tables) await client.query(`ANALYZE ${quoteIdent(fresh(table))}`);

    await client.query('BEGIN');
    await client.query(
      `INSERT INTO es_checkpoints (projection) VALUES ($1) ON CONFLICT (projection) DO NOTHING`,
      [projection.name],
    );
    await client.query('SELECT position FROM es_checkpoints WHERE projection = $1 FOR UPDATE', [
      projection.name,
    ]);
    // Every event up to this head is committed: once none of the projection's streams is left after `position`, the
    // checkpoint can be the head, even when the last events read belong to other streams (streamPrefix).
    const head = await store.headPosition();
    // Inside the swap transaction: what was appended during the rebuild.
    while (true) {
      const batch = await read(position);
      if (batch.length === 0) break;
      await applyAll(batch);
      count += batch.length;
      position = batch[batch.length - 1].globalPosition;
    }
    if (head > position) position = head;
    for (const table of projection.tables) {
      // The copies' indexes got generated names (truncated at 63 characters): give them back the live ones' names,
      // matched by definition, so later migrations can still name them.
      const liveIndexes = await indexDefinitions(client, table);
      await client.query(`DROP TABLE ${quoteIdent(table)}`);
      await client.query(`ALTER TABLE ${quoteIdent(fresh(table))} RENAME TO ${quoteIdent(table)}`);
      for (const [definition, name] of await indexDefinitions(client, table)) {
        const liveName = liveIndexes.get(definition);
        if (liveName && liveName !== name)
          await client.query(`ALTER INDEX ${quoteIdent(name)} RENAME TO ${quoteIdent(liveName)}`);
      }
    }
    await client.query(
      `UPDATE es_checkpoints SET position = $2, status = 'running', error = NULL, failed_position = NULL, updated_at = now() WHERE projection = $1`,
      [projection.name, position.toString()],
    );
    // The fresh tables were built around these parked events: they replace the open ones (skips are kept).
    await client.query(
      `DELETE FROM es_parked_events WHERE projection = $1 AND resolution IS DISTINCT FROM 'skipped'`,
      [projection.name],
    );
    await recordParked(client, projection.name, parked);
    await client.query('COMMIT');
    options.onProgress?.(position, position);
    return {
      projection: projection.name,
      events: count,
      position,
      seconds: (Date.now() - started) / 1000,
      parked,
    };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}
