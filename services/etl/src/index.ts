export { CDR_COLUMNS, CDR_TYPES, CdrType, indexedColumns, isCdrType } from './domain/cdr-types.js';
export { ALLOWED_NEXT, canTransition, EtlState } from './domain/etl-state.js';
export { parseFileName, type CdrFileName } from './domain/parse-file-name.js';
export { compactDate, dayBounds, partitionCheckName, partitionIndexName, partitionName, parentTable, stagingTableName } from './domain/partition-name.js';
export { MAX_FAILED_ATTEMPTS, planIngest, type IngestPlan, type RecordSummary } from './domain/plan-ingest.js';
export { QA_CHECKS, qaChecksFor, type QaCheck } from './domain/qa-checks.js';
export { ingestDay, type IngestDayOptions, type IngestResult, type IngestTimings } from './adapters/postgres/ingest-day.js';
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
export { EtlError, type EtlErrorCode } from './errors.js';
export { etlSettings, flowdbConnectionString, type EtlConfig } from './config.js';
export { dropDay, ingestStatus, latestRecord, requestIngest, type DayStatus, type DropOutcome, type IngestRequest, type RequestOutcome } from './etl-control.js';
export { createIngestQueue, enqueueIngest, INGEST_ATTEMPTS, type IngestJobData, type IngestQueue } from './adapters/redis/ingest-queue.js';
export { LeaseStore } from './adapters/redis/lease-store.js';
export { EtlKeys, ingestJobId } from './keys.js';
export { createPipeline, etlRedisOptions, type Pipeline } from './pipeline.js';
export { pipelineSettings } from './pipeline-settings.js';
export { loadSourceDefinitions, type SourceDefinitions } from './adapters/fs/source-definitions.js';
export { defaultSourceDefinition, matchSourceFile, parseSourceDefinition, SourceDefinitionError, type ColumnSpec, type SourceDefinition } from './domain/source-definition.js';
export { compileRowMapper, RowRejected, type RowMapper } from './domain/row-mapper.js';
export { compileTimestampFormat } from './domain/timestamp-format.js';
export { runIngestJob, ABANDONED_MESSAGE, type IngestJobDeps, type IngestJobOutcome } from './jobs/run-ingest-job.js';
export { IngestWorker, type IngestWorkerOptions } from './workers/ingest-worker.js';
export { IngestScheduler, type IngestSchedulerOptions, type ScanSummary } from './workers/ingest-scheduler.js';
export { EtlJanitor, type EtlJanitorOptions, type EtlJanitorReport } from './workers/etl-janitor.js';
