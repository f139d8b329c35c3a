import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { expect, it } from 'vitest';
import { FileNotFoundError, type FileStore } from '../../src/platform/files/index.js';

/** Everything a stream yields, as one buffer. */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

/** A stream of `bytes` random bytes in pieces of `piece`, and the hash of what it yields. */
export function randomStream(bytes: number, piece = 100_003): { stream: Readable; sha256: string } {
  const data = randomBytes(bytes);
  const pieces: Buffer[] = [];
  for (let at = 0; at < bytes; at += piece) pieces.push(data.subarray(at, at + piece));
  return { stream: Readable.from(pieces), sha256: createHash('sha256').update(data).digest('hex') };
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Keys no backend may accept: traversal, absolute, empty or hidden segments, wrong characters. */
export const BAD_KEYS = [
  '',
  '../etc/passwd',
  'tenant/../../etc/passwd',
  'tenant/./x',
  '/absolute/key',
  'tenant//double',
  'tenant/.hidden',
  'tenant/trailing/',
  'Tenant/Upper',
  'tenant/back\\slash',
  'tenant/space name',
  'tenant/%2e%2e/x',
  'tenant/ファイル',
  'tenant/nul\u0000byte',
  'x'.repeat(600),
];

/**
 * The FileStore contract, run against each backend: the same calls must give the same
 * results on a local folder and on an S3 server. `store()` is read when the tests run.
 */
export function fileStoreContract(store: () => FileStore, prefix: string): void {
  it('puts a buffer and gets the same bytes back; exists and overwrite behave', async () => {
    const s = store();
    const key = `${prefix}a/one.bin`;
    const body = randomBytes(1234);
    expect(await s.put(key, body)).toEqual({ bytes: 1234 });
    expect(await s.exists(key)).toBe(true);
    expect((await readAll(await s.get(key))).equals(body)).toBe(true);
    const replacement = Buffer.from('replaced');
    await s.put(key, replacement);
    expect((await readAll(await s.get(key))).equals(replacement)).toBe(true);
  });

  it('streams a body of unknown length larger than one upload part (9 MiB)', async () => {
    const s = store();
    const key = `${prefix}a/big.bin`;
    const { stream, sha256 } = randomStream(9 * 1024 * 1024 + 17);
    expect(await s.put(key, stream)).toEqual({ bytes: 9 * 1024 * 1024 + 17 });
    expect(sha(await readAll(await s.get(key)))).toBe(sha256);
    const listed = [];
    for await (const o of s.list(`${prefix}a/big`)) listed.push(o);
    expect(listed).toEqual([{ key, bytes: 9 * 1024 * 1024 + 17 }]);
  });

  it('stores an empty body', async () => {
    const s = store();
    const key = `${prefix}a/empty`;
    expect(await s.put(key, Readable.from([]))).toEqual({ bytes: 0 });
    expect((await readAll(await s.get(key))).length).toBe(0);
  });

  it('answers a missing key with FileNotFoundError, false and a quiet delete', async () => {
    const s = store();
    const key = `${prefix}missing/nothing.bin`;
    await expect(s.get(key)).rejects.toBeInstanceOf(FileNotFoundError);
    expect(await s.exists(key)).toBe(false);
    await expect(s.delete(key)).resolves.toBeUndefined();
    // A "folder" is not an object either.
    await s.put(`${prefix}dir/inner`, Buffer.from('x'));
    await expect(s.get(`${prefix}dir`)).rejects.toBeInstanceOf(FileNotFoundError);
    expect(await s.exists(`${prefix}dir`)).toBe(false);
  });

  it('lists by string prefix with sizes, and deletes by prefix leaving the rest', async () => {
    const s = store();
    const base = `${prefix}list/`;
    await s.put(`${base}t1/x/a`, Buffer.from('aa'));
    await s.put(`${base}t1/y/b`, Buffer.from('bbb'));
    await s.put(`${base}t10/c`, Buffer.from('c'));
    await s.put(`${base}t2/d`, Buffer.from('dddd'));
    const list = async (p: string) => {
      const out = [];
      for await (const o of s.list(p)) out.push(o);
      return out.sort((a, b) => a.key.localeCompare(b.key));
    };
    expect(await list(`${base}t1/`)).toEqual([
      { key: `${base}t1/x/a`, bytes: 2 },
      { key: `${base}t1/y/b`, bytes: 3 },
    ]);
    expect((await list(`${base}t1`)).map((o) => o.key)).toEqual([`${base}t1/x/a`, `${base}t1/y/b`, `${base}t10/c`]);
    expect(await list(`${base}nothing/`)).toEqual([]);
    expect(await s.deletePrefix(`${base}t1/`)).toBe(2);
    expect((await list(base)).map((o) => o.key)).toEqual([`${base}t10/c`, `${base}t2/d`]);
    expect(await s.deletePrefix(`${base}t1/`)).toBe(0);
    expect(await s.deletePrefix(base)).toBe(2);
    expect(await list(base)).toEqual([]);
  });

  it('refuses keys that could leave their place, on every operation', async () => {
    const s = store();
    for (const key of BAD_KEYS) {
      await expect(s.put(key, Buffer.from('x')), key).rejects.toThrow(/not a valid object key/);
      await expect(s.get(key), key).rejects.toThrow(/not a valid object key/);
      await expect(s.exists(key), key).rejects.toThrow(/not a valid object key/);
      await expect(s.delete(key), key).rejects.toThrow(/not a valid object key/);
    }
    for (const p of ['../', '/etc/', 'tenant//', 'tenant/../']) {
      await expect(s.deletePrefix(p), p).rejects.toThrow(/not a valid object key/);
      await expect((async () => {
        for await (const o of s.list(p)) void o;
      })(), p).rejects.toThrow(/not a valid object key/);
    }
  });

  it('leaves nothing behind when the body fails half-way', async () => {
    const s = store();
    const key = `${prefix}failed/upload.bin`;
    async function* failing() {
      yield randomBytes(300_000);
      throw new Error('client went away');
    }
    await expect(s.put(key, Readable.from(failing()))).rejects.toThrow('client went away');
    expect(await s.exists(key)).toBe(false);
    const left = [];
    for await (const o of s.list(`${prefix}failed/`)) left.push(o);
    expect(left).toEqual([]);
  });
}
