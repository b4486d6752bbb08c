import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CDR_TYPES, type CdrType } from '../../domain/cdr-types.js';
import { matchSourceFile } from '../../domain/source-definition.js';
import type { SourceDefinitions } from './source-definitions.js';

/** A file of the ETL directory matched by a source definition. */
export interface SourceFile {
  fileName: string;
  cdrType: CdrType;
  date: string;
  gzip: boolean;
  size: number;
  mtimeMs: number;
}

/** Files of `dir` (top level) that a definition matches, ordered by date, type, name. */
export async function findSourceFiles(dir: string, defs: SourceDefinitions): Promise<SourceFile[]> {
  const out: SourceFile[] = [];
  for (const fileName of await readdir(dir)) {
    for (const cdrType of CDR_TYPES) {
      const m = matchSourceFile(defs[cdrType], fileName);
      if (!m) continue;
      const s = await stat(join(dir, fileName)).catch(() => undefined);
      if (s?.isFile()) out.push({ fileName, cdrType, ...m, size: s.size, mtimeMs: s.mtimeMs });
      break;
    }
  }
  return out.sort((a, b) => a.date.localeCompare(b.date) || CDR_TYPES.indexOf(a.cdrType) - CDR_TYPES.indexOf(b.cdrType) || a.fileName.localeCompare(b.fileName));
}

/** The SHA-256 recorded for several files claiming one day: over their sorted names and hashes. */
export function combinedSha256(files: { fileName: string; sha256: string }[]): string {
  const h = createHash('sha256');
  for (const f of [...files].sort((a, b) => a.fileName.localeCompare(b.fileName))) h.update(`${f.fileName}\n${f.sha256}\n`);
  return h.digest('hex');
}

/** Operator message for several files claiming one (type, date). */
export function duplicateFilesMessage(cdrType: CdrType, date: string, names: string[]): string {
  return `Duplicate file: ${names.length} files for ${cdrType} ${date} (${names.join(', ')}); remove all but one, then ingest again.`;
}
