export { openAesGcm, openAesGcmBytes, sealAesGcm, sealAesGcmBytes, type KeyProvider, type RotatableKeyProvider } from './keyProvider.js';
export { fileKeyProvider, masterKeyProvider } from './masterKeyFile.js';
export {
  decryptForTenant,
  destroyTenantKey,
  encryptForTenant,
  tenantDataKey,
  tenantDataKeyVersion,
  TenantKeyUnavailableError,
  type EncryptionContext,
  type TenantKeys,
} from './tenantKeys.js';
export { masterKeyCensus, rotateMasterKey, staffTotpSecretsHolder, tenantDataKeysHolder, wrappedKeyHolders, type RotationDeps, type RotationResult, type WrappedKeyHolder } from './rotation.js';
export { masterKeyStatus, tenantKeyStatus, type MasterKeyStatus, type TenantKeyStatus } from './keyStatus.js';
export { KEYS_USAGE, runKeysCommand } from './commandLine.js';
