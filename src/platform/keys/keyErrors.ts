/**
 * The data key of a tenant is gone (destroyed on purpose) or was never made, or the tenant's
 * key-encryption key that wraps it is gone (`version` null, `reason` says which).
 */
export class TenantKeyUnavailableError extends Error {
  constructor(tenantId: string, version: number | null, reason?: string) {
    const what = version === null ? `The data keys of tenant ${tenantId}` : `Data key v${version} of tenant ${tenantId}`;
    super(`${what} cannot be used (${reason ?? 'it does not exist'}): values encrypted under it cannot be read.`);
    this.name = 'TenantKeyUnavailableError';
  }
}
