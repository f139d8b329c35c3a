export type { CmpConnector, CmpIncoming, CmpMeta, CmpSendMeta } from './cmpConnector.js';
export { FileDropConnector, type FileDropOptions } from './fileDropConnector.js';
