export { DATA_CIPHER, openAesGcm, openAesGcmBytes, sealAesGcm, sealAesGcmBytes, type KeyProvider, type RotatableKeyProvider } from './keyProvider.js';
export { defaultTenantKeysDir, fileKeyProvider, masterKeyProvider } from './masterKeyFile.js';
export { isKekWrapped, KEK_WRAP_FORMAT, localTenantKeyStore, type TenantKeyStore } from './tenantKeyStore.js';
export { masterWrappedDataKeys, upgradeTenantDataKeys, type TenantKeyUpgradeResult } from './upgrade.js';
export {
  decryptForTenant,
  destroyTenantKey,
  encryptForTenant,
  tenantDataKey,
  tenantDataKeyVersion,
  tenantKeyStoreOf,
  TenantKeyUnavailableError,
  type EncryptionContext,
  type TenantKeys,
} from './tenantKeys.js';
export { masterKeyCensus, rotateMasterKey, staffTotpSecretsHolder, tenantDataKeysHolder, wrappedKeyHolders, type RotationDeps, type RotationResult, type WrappedKeyHolder } from './rotation.js';
export { masterKeyStatus, tenantKeyStatus, type MasterKeyStatus, type TenantKeyStatus } from './keyStatus.js';
export { KEYS_USAGE, runKeysCommand } from './commandLine.js';
