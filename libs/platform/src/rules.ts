import { resolveRuleConfig, type RuleConfig } from '@app/parcours';
import { readFileSync } from 'node:fs';
import type { AppConfig } from './config';

/** The rule regimes: the defaults of docs/rules.md, with the overrides of RULES_FILE (JSON) when set. */
export function loadRules(config: AppConfig): RuleConfig {
  if (!config.rulesFile) return resolveRuleConfig(undefined);
  try {
    return resolveRuleConfig(JSON.parse(readFileSync(config.rulesFile, 'utf8')));
  } catch (error) {
    throw new Error(`RULES_FILE (${config.rulesFile}): ${error instanceof Error ? error.message : String(error)}`);
  }
}
