import { Client } from 'pg';

/** Every row of every table of the database as text, searched for the needles (a whole-database grep). */
export async function findInDatabase(url: string, needles: readonly string[]): Promise<Array<{ table: string; needle: string }>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    const hits: Array<{ table: string; needle: string }> = [];
    for (const { table_name } of tables.rows) {
      for (const needle of needles) {
        const res = await client.query(`SELECT 1 FROM "${table_name}" t WHERE t::text ILIKE $1 LIMIT 1`, [`%${needle}%`]);
        if (res.rowCount) hits.push({ table: table_name, needle });
      }
    }
    return hits;
  } finally {
    await client.end();
  }
}
