import type { Config } from '../../core/config.js';
import type { FileStore } from './fileStore.js';
import { localFileStore } from './localFileStore.js';
import { s3FileStore } from './s3FileStore.js';

export { assertObjectKey, assertPrefix, FileNotFoundError, type FileStore, type StoredObject } from './fileStore.js';
export { localFileStore } from './localFileStore.js';
export { s3FileStore, type S3StoreConfig } from './s3FileStore.js';
export { attachmentDisposition, detectContentType, sanitizeFileName } from './contentType.js';
export { sendAttachment } from './attachment.js';
export { decryptFileStream, encryptFileStream, sealedFileSize } from './fileCrypto.js';
export {
  deleteTenantFile,
  findTenantFile,
  listTenantFiles,
  openTenantFile,
  purgeTenantFiles,
  storeTenantFile,
  tenantFileDeps,
  tenantFileKey,
  tenantFileUsage,
  tenantPrefix,
  type OpenTenantFileOptions,
  type StoreTenantFileInput,
  type TenantFile,
  type TenantFileDeps,
} from './tenantFiles.js';
export { FILE_NAME_HEADER, receiveTenantFileUpload, UPLOAD_CONTENT_TYPE } from './uploads.js';

/** The configured file store: a local folder (FILES_DIR) or an S3-compatible bucket (FILE_STORE=s3). */
export function createFileStore(config: Config['files']): FileStore {
  return config.kind === 's3' ? s3FileStore(config) : localFileStore(config.dir);
}
