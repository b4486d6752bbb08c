export { CDR_COLUMNS, CDR_TYPES, CdrType, indexedColumns, isCdrType } from './domain/cdr-types.js';
export { ALLOWED_NEXT, canTransition, EtlState } from './domain/etl-state.js';
export { parseFileName, type CdrFileName } from './domain/parse-file-name.js';
export { compactDate, dayBounds, partitionCheckName, partitionIndexName, partitionName, parentTable, stagingTableName } from './domain/partition-name.js';
export { MAX_FAILED_ATTEMPTS, planIngest, type IngestPlan, type RecordSummary } from './domain/plan-ingest.js';
export { QA_CHECKS, qaChecksFor, type QaCheck } from './domain/qa-checks.js';
export { ingestDay, type IngestDayOptions, type IngestResult } from './adapters/postgres/ingest-day.js';
export { loadInfrastructure, type InfrastructureSummary } from './adapters/postgres/load-infrastructure.js';
export { runQaChecks, type QaOutcome } from './adapters/postgres/run-qa-checks.js';
export { appendEtlRecord, etlHistory, type NewEtlRecord } from './adapters/postgres/etl-records.js';
export {
  findCdrFiles,
  infrastructureFingerprint,
  loadDirectory,
  type FileOutcome,
  type LoadDirectoryOptions,
  type LoadDirectorySummary,
  type LoadedFile,
} from './load-directory.js';
export { DirectoryScanner, type DirectoryScannerOptions } from './workers/directory-scanner.js';
export { EtlError, type EtlErrorCode } from './errors.js';
export { etlSettings, flowdbConnectionString, type EtlConfig } from './config.js';
