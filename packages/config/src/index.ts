export { ConfigError, ConfigErrorCode } from './errors.js';
export {
  bool,
  decodePemOrBase64,
  int,
  list,
  num,
  oneOf,
  optionalStr,
  pem,
  port,
  str,
  type ConfigOf,
  type Declarations,
  type Setting,
  type SettingKind,
  type SettingValue,
} from './settings.js';
export { loadConfig, loadConfigOrExit, orExitOnConfigError, type LoadConfigOptions, type LoadedConfig, type SettingSource } from './load-config.js';
export { settingsReference, type SettingRow } from './settings-reference.js';
export { commonSettings } from './common-settings.js';
