import { existsSync } from 'node:fs';
import os from 'node:os';
import type { Clock } from '../../core/clock.js';
import type { Config } from '../../core/config.js';
import type { Database } from '../../core/db/index.js';
import { masterKeyStatus, tenantKeyStatus } from './keyStatus.js';
import { masterKeyProvider } from './masterKeyFile.js';
import { masterKeyCensus, rotateMasterKey, wrappedKeyHolders, type WrappedKeyHolder } from './rotation.js';

export const KEYS_USAGE = `  keys status      Show the master key file, the versions its key ring holds, how many
                   wrapped keys use each version, which tenants have a data key and a
                   key-encryption key, and how many data keys are still master-wrapped.
  keys rotate-master
                   Make a new master key, re-wrap every tenant key-encryption key, staff TOTP
                   secret and the backup key under it (encrypted data is not touched), then
                   delete the old key. With the embedded database, stop the app first.`;

function operatorName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** `sotas keys …`: the master key's status and its rotation, from the command line. */
export async function runKeysCommand(
  args: readonly string[],
  deps: { config: Config; db: Database; clock: Clock; holders?: readonly WrappedKeyHolder[] },
  tell: (text: string) => void,
): Promise<number> {
  const provider = masterKeyProvider(deps.config.masterKeyFile);
  const holders = wrappedKeyHolders(deps.db, deps.holders, provider);
  switch (args[0]) {
    case 'status': {
      if (!existsSync(deps.config.masterKeyFile)) {
        tell(`No master key yet at ${deps.config.masterKeyFile}: it is made when the first secret is encrypted.`);
        return 0;
      }
      const master = masterKeyStatus(provider);
      tell(`Master key: ${master.location}`);
      tell(`  current version: v${master.currentVersion}; versions held: ${master.versions.map((v) => `v${v}`).join(', ')}`);
      if (master.versions.length > 1) tell('  More than one version is held: a rotation did not finish. Run `keys rotate-master` again.');
      for (const [name, versions] of Object.entries(await masterKeyCensus(provider, holders))) {
        const parts = Object.entries(versions).map(([v, n]) => `${n} under v${v}`);
        tell(`  ${name}: ${parts.length ? parts.join(', ') : 'none'}`);
      }
      const tenants = await tenantKeyStatus(deps.db, provider);
      const withKey = tenants.filter((t) => t.dataKeyVersions.length > 0);
      tell(`Tenant key-encryption keys: ${provider.tenantKeys.location} (kept apart from the data backups)`);
      tell(`Tenants with a data key: ${withKey.length} of ${tenants.length}`);
      const legacy = tenants.reduce((n, t) => n + t.masterWrappedDataKeys, 0);
      tell(`Tenant data keys still wrapped by the master key: ${legacy}${legacy ? ' (re-wrapped under tenant key-encryption keys when the app next starts)' : ''}`);
      for (const t of tenants) {
        const wrapping = [
          ...(t.kekWrappedDataKeys ? ['under the tenant KEK'] : []),
          ...(t.masterWrappedDataKeys ? [`under master v${t.masterKeyVersions.join(', v')}`] : []),
        ].join(' and ');
        const keys = t.dataKeyVersions.length ? `data key v${t.dataKeyVersions.join(', v')} ${wrapping}` : 'no data key';
        tell(`  ${t.tenantCode} (${t.tenantStatus}): ${keys}; KEK ${t.kek}`);
      }
      return 0;
    }
    case 'rotate-master': {
      const result = await rotateMasterKey(
        { db: deps.db, provider, clock: deps.clock, holders: deps.holders ?? [] },
        { actor: { type: 'system', name: `keys rotate-master (${operatorName()})` }, origin: {} },
      );
      tell(`The master key is now v${result.toVersion} (was v${result.fromVersion}).`);
      for (const [name, n] of Object.entries(result.rewrapped)) tell(`  re-wrapped ${name}: ${n}`);
      tell(`  retired: ${result.retiredVersions.length ? result.retiredVersions.map((v) => `v${v}`).join(', ') : 'none'}`);
      tell(
        [
          '',
          `Back up the new key file now (${provider.location}), kept apart from the data backups.`,
          'Backups taken before this rotation hold data keys wrapped under the old master key: keep the',
          'backup copy of the old key file until those backups have expired (BACKUP_RETENTION_DAYS), then destroy it.',
        ].join('\n'),
      );
      return 0;
    }
    default:
      tell(`Unknown keys command "${args[0] ?? ''}".\n\n${KEYS_USAGE}`);
      return 1;
  }
}
