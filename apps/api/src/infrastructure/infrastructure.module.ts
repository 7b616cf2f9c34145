import { Global, Inject, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ProjectionRunner, type EventStore } from '@app/event-store';
import { resolveRuleConfig } from '@app/parcours';
import { ALL_PROJECTIONS, APP_CONFIG, CLOCK, createEventStore, EVENT_STORE, PROJECTION_RUNNER, RULES, systemClock, type AppConfig, type Runtime } from '@app/platform';
import { readFileSync } from 'node:fs';
import { setValidationClock } from '../http/validators';
import { PinoLogger } from 'nestjs-pino';


export const DATABASE_URL = Symbol('DATABASE_URL');

/** Process-wide resources: configuration, clock, event store, and (inline mode) the projection runner. */
@Global()
@Module({})
export class InfrastructureModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner | null,
  ) {}

  static register(runtime: Runtime): DynamicModule {
    setValidationClock(runtime.clock ?? systemClock);
    return {
      module: InfrastructureModule,
      providers: [
        { provide: APP_CONFIG, useValue: runtime.config },
        { provide: DATABASE_URL, useValue: runtime.databaseUrl },
        { provide: CLOCK, useValue: runtime.clock ?? systemClock },
        { provide: RULES, useFactory: () => loadRules(runtime.config) },
        { provide: EVENT_STORE, useFactory: () => createEventStore(runtime.config, runtime.databaseUrl) },
        {
          provide: PROJECTION_RUNNER,
          inject: [EVENT_STORE, APP_CONFIG, PinoLogger],
          useFactory: (store: EventStore, config: AppConfig, logger: PinoLogger) =>
            config.projections === 'inline'
              ? new ProjectionRunner(store, ALL_PROJECTIONS, {
                  connectionString: runtime.databaseUrl,
                  onError: (projection, error) => logger.error({ projection, err: error }, 'projection error'),
                  onInfo: (message) => logger.info(message),
                })
              : null,
        },
      ],
      exports: [APP_CONFIG, DATABASE_URL, CLOCK, RULES, EVENT_STORE, PROJECTION_RUNNER],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.runner?.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner?.stop();
    await this.store.close();
  }
}

/** The rule regimes: the defaults of docs/rules.md, with the overrides of RULES_FILE (JSON) when set. */
export function loadRules(config: AppConfig) {
  if (!config.rulesFile) return resolveRuleConfig(undefined);
  try {
    return resolveRuleConfig(JSON.parse(readFileSync(config.rulesFile, 'utf8')));
  } catch (error) {
    throw new Error(`RULES_FILE (${config.rulesFile}): ${error instanceof Error ? error.message : String(error)}`);
  }
}
