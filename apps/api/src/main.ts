import 'reflect-metadata';
import { ConfigError, loadConfig, resolveDatabase } from '@app/platform';
import { createApp } from './bootstrap';
import { seedDemoIfEmpty } from './demo';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const say = (message: string): void => {
    process.stdout.write(`${message}\n`);
  };
  const database = await resolveDatabase(config, say);
  let app: Awaited<ReturnType<typeof createApp>> | null = null;
  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    say(`${signal} received, stopping…`);
    await app?.close().catch(() => undefined);
    await database.embedded?.stop().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  try {
    app = await createApp({ config, databaseUrl: database.url });
    if (process.argv.includes('--demo')) await seedDemoIfEmpty(app, say);
    await app.listen(config.port, config.host);
    const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
    say(`Jalon is running: ${url} (API documentation: ${url}/docs)`);
    if (config.auth.demoUsers) say('Demo users (password "demo"): admin, spw, sanction, cai.aline, cai.coord, cripel.marc');
  } catch (error) {
    process.stderr.write(`Start failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    await app?.close().catch(() => undefined);
    await database.embedded?.stop().catch(() => undefined);
    process.exit(1);
  }
}

void main();
