export { fileKeyProvider, openAesGcm, sealAesGcm, type KeyProvider } from './keyProvider.js';
export { decryptForTenant, encryptForTenant, TenantKeyUnavailableError, type EncryptionContext, type TenantKeys } from './tenantKeys.js';
