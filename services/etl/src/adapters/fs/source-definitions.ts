import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CDR_TYPES, type CdrType } from '../../domain/cdr-types.js';
import { defaultSourceDefinition, parseSourceDefinition, SourceDefinitionError, type SourceDefinition } from '../../domain/source-definition.js';

/** Every CDR type's definition: from `<dir>/*.json` (top level; one file per type) or the built-in default. */
export type SourceDefinitions = Readonly<Record<CdrType, SourceDefinition>>;

/**
 * Reads the ETL config directory (FLOWETL_CONFIG_DIR). A missing directory means built-in defaults. Throws
 * SourceDefinitionError for an unreadable or invalid file, or two files for the same type (start-up refuses).
 */
export function loadSourceDefinitions(dir: string): SourceDefinitions {
  const defs = Object.fromEntries(CDR_TYPES.map((t) => [t, defaultSourceDefinition(t)])) as Record<CdrType, SourceDefinition>;
  if (!existsSync(dir)) return defs;
  const seen = new Map<CdrType, string>();
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    } catch (err) {
      throw new SourceDefinitionError(`${name}: not valid JSON (${(err as Error).message})`);
    }
    const def = parseSourceDefinition(json, name);
    const other = seen.get(def.cdrType);
    if (other) throw new SourceDefinitionError(`${name}: ${other} already defines ${def.cdrType}`);
    seen.set(def.cdrType, name);
    defs[def.cdrType] = def;
  }
  return defs;
}
