export { generateSynthetic, defaultSynthParams, type GenerateOptions, type SynthFile, type SynthSummary } from './generate.js';
export {
  parseSynthValue,
  resolveSynthParams,
  SYNTH_PARAMETERS,
  SynthParamError,
  synthParamsFromEnv,
  type SynthParameter,
  type SynthParams,
} from './params.js';
export { SYNTH_EVENT_COLUMNS, SYNTH_EVENT_TYPES, type SynthEventType } from './events.js';
