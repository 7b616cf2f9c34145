import {
  Global,
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ProjectionRunner, type EventStore } from '@app/event-store';
import type { RuleConfig } from '@app/parcours';
import {
  allProjections,
  APP_CONFIG,
  CLOCK,
  createEventStore,
  EVENT_STORE,
  loadRules,
  PROJECTION_RUNNER,
  RULES,
  systemClock,
  type AppConfig,
  type Runtime,
} from '@app/platform';
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
          inject: [EVENT_STORE, APP_CONFIG, RULES, PinoLogger],
          useFactory: (store: EventStore, config: AppConfig, rules: RuleConfig, logger: PinoLogger) =>
            config.projections === 'inline'
              ? new ProjectionRunner(store, allProjections(rules), {
                  connectionString: runtime.databaseUrl,
                  onError: (projection, error) =>
                    logger.error({ projection, err: error }, 'projection error'),
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
