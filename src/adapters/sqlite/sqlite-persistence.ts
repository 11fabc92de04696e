import { closeSync, existsSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { BerthError } from '../../errors/index.js';
import type { Persistence } from '../../ports/index.js';
import { prefixUpperBound } from './prefix-range.js';

/** The schema version this code writes (`PRAGMA user_version`); a newer database is refused, never rewritten. */
const schemaVersion = 1;

type Row = { value: string };

/** `normal`: survives a killed process; `full`: also an OS crash or power loss (an fsync per commit). */
export type Durability = 'normal' | 'full';

export interface SqliteOptions {
  readonly durability?: Durability;
}

/**
 * The production Persistence: every collection in one table of one SQLite file in the state dir.
 *
 * Durability: WAL with `synchronous=NORMAL`. A commit has appended its frames to the WAL file with write(2) before
 * `COMMIT` returns, so the data is in the kernel's page cache; killing the process (kill -9, a crash, an OOM kill)
 * cannot take it back, and the next open replays the WAL. What NORMAL gives up is only the fsync per commit, i.e.
 * the last transactions before an *OS crash or power loss* may be lost — never corrupted, since WAL checkpoints do
 * fsync. That is exactly the guarantee the issue asks for ("a kill -9 during writes loses no acknowledged write and
 * corrupts nothing") at a fraction of FULL's cost (one fsync per write would cap a 2-core box at a few hundred
 * writes per second). src/adapters/sqlite/sqlite-persistence.test.ts proves it with a child process killed mid-stream.
 * `durability: 'full'` (`berth up --durability full`) is `synchronous=FULL`: an fsync per commit, so an acknowledged
 * write survives power loss too, at the cost docs/benchmarks.md measures.
 */
export class SqlitePersistence implements Persistence {
  readonly #db: Database.Database;
  readonly #get: Database.Statement<[string, string], Row>;
  readonly #put: Database.Statement<[string, string, string]>;
  readonly #delete: Database.Statement<[string, string]>;
  readonly #listAll: Database.Statement<[string], Row>;
  readonly #listFrom: Database.Statement<[string, string], Row>;
  readonly #listRange: Database.Statement<[string, string, string], Row>;
  readonly #begin: Database.Statement;
  readonly #commit: Database.Statement;
  readonly #rollback: Database.Statement;
  #depth = 0;

  /** Opens (creating if needed, mode 0600) the database file at `path`; `:memory:` for a throwaway store. */
  constructor(path: string, options: SqliteOptions = {}) {
    if (path !== ':memory:') closeSync(openSync(path, 'a', 0o600));
    this.#db = openDatabase(path, options.durability ?? 'normal');
    const db = this.#db;
    this.#get = db.prepare('SELECT value FROM documents WHERE collection = ? AND key = ?');
    this.#put = db.prepare(
      'INSERT INTO documents (collection, key, value) VALUES (?, ?, ?) ' +
        'ON CONFLICT (collection, key) DO UPDATE SET value = excluded.value',
    );
    this.#delete = db.prepare('DELETE FROM documents WHERE collection = ? AND key = ?');
    // Prefixes are a key range, never LIKE: `%` and `_` in a key are literal, and the primary key index is used.
    this.#listAll = db.prepare('SELECT value FROM documents WHERE collection = ? ORDER BY key');
    this.#listFrom = db.prepare('SELECT value FROM documents WHERE collection = ? AND key >= ? ORDER BY key');
    this.#listRange = db.prepare(
      'SELECT value FROM documents WHERE collection = ? AND key >= ? AND key < ? ORDER BY key',
    );
    // IMMEDIATE takes the write lock up front, so a transaction never fails half-way on a lock upgrade.
    this.#begin = db.prepare('BEGIN IMMEDIATE');
    this.#commit = db.prepare('COMMIT');
    this.#rollback = db.prepare('ROLLBACK');
  }

  transaction<T>(fn: () => T): T {
    // A nested call joins the outer transaction: its writes commit or roll back with the outer ones.
    if (this.#depth > 0) return fn();
    this.#begin.run();
    this.#depth++;
    try {
      const result = fn();
      if (isThenable(result)) {
        throw new BerthError(
          'BERTH_INTERNAL',
          'a Persistence transaction function returned a promise; transactions must be synchronous',
        );
      }
      this.#commit.run();
      return result;
    } catch (error) {
      if (this.#db.inTransaction) this.#rollback.run();
      throw error;
    } finally {
      this.#depth--;
    }
  }

  get<T>(collection: string, key: string): T | undefined {
    const row = this.#get.get(collection, key);
    return row === undefined ? undefined : (JSON.parse(row.value) as T);
  }

  put(collection: string, key: string, value: unknown): void {
    const text = JSON.stringify(value);
    if (text === undefined) throw new BerthError('BERTH_INTERNAL', `cannot store ${typeof value} as JSON`);
    this.#put.run(collection, key, text);
  }

  delete(collection: string, key: string): boolean {
    return this.#delete.run(collection, key).changes > 0;
  }

  list<T>(collection: string, options: { prefix?: string } = {}): T[] {
    const prefix = options.prefix ?? '';
    const upper = prefixUpperBound(prefix);
    const rows =
      prefix === ''
        ? this.#listAll.all(collection)
        : upper === undefined
          ? this.#listFrom.all(collection, prefix)
          : this.#listRange.all(collection, prefix, upper);
    return rows.map((row) => JSON.parse(row.value) as T);
  }

  /** `PRAGMA integrity_check`: `['ok']` for a sound database, otherwise SQLite's list of problems. */
  integrityCheck(): string[] {
    const rows = this.#db.pragma('integrity_check') as Array<{ integrity_check: unknown }>;
    return rows.map((row) => String(row.integrity_check));
  }

  close(): void {
    if (!this.#db.open) return;
    if (this.#depth === 0 && this.#db.inTransaction) this.#rollback.run();
    this.#db.close();
  }
}

function openDatabase(path: string, durability: Durability): Database.Database {
  // Outside the try: a broken install is not a broken state dir.
  const nativeBinding = nativeAddonPath();
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { nativeBinding });
    db.pragma('journal_mode = WAL');
    db.pragma(durability === 'full' ? 'synchronous = FULL' : 'synchronous = NORMAL');
    // Another process (a second reader, a backup) may hold the lock briefly; wait rather than fail.
    db.pragma('busy_timeout = 5000');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > schemaVersion) {
      throw new BerthError(
        'BERTH_STATE_INVALID',
        `${path} was written by a newer berth (schema ${version}, this berth knows ${schemaVersion})`,
      );
    }
    db.exec(
      'CREATE TABLE IF NOT EXISTS documents (' +
        'collection TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (collection, key)' +
        ') WITHOUT ROWID',
    );
    if (version < schemaVersion) db.pragma(`user_version = ${schemaVersion}`);
    return db;
  } catch (error) {
    db?.close();
    if (error instanceof BerthError) throw error;
    const code = (error as { code?: unknown }).code;
    throw new BerthError(
      'BERTH_STATE_INVALID',
      `cannot open the database ${path}: ${code === 'SQLITE_NOTADB' ? 'not a SQLite database' : String(code ?? error)}`,
      { cause: error },
    );
  }
}

function isThenable(value: unknown): boolean {
  return (
    typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'
  );
}

/**
 * Where npm put better-sqlite3's compiled addon, named to it rather than found by its `bindings` helper. Why: the CLI
 * bundle carries better-sqlite3's JavaScript (scripts/bundle.mjs), and `bindings` finds the addon from its caller's
 * file, which in a bundle is berth's chunk, not better-sqlite3's folder. Loading its ~15 CommonJS files one by one
 * was also a good part of the path work that got V8 optimizing Node's path helpers during the start (issue 19).
 */
let addonPath: string | undefined;
function nativeAddonPath(): string {
  addonPath ??= addonIn(dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json')));
  return addonPath;
}

/** The addon's path in better-sqlite3's folder; BERTH_INTERNAL, saying how to mend it, when npm did not build it. */
export function addonIn(packageDir: string): string {
  const path = join(packageDir, 'build/Release/better_sqlite3.node');
  if (!existsSync(path)) {
    throw new BerthError(
      'BERTH_INTERNAL',
      `better-sqlite3's compiled addon is missing (${path}): run \`npm rebuild better-sqlite3\` in berth's folder`,
    );
  }
  return path;
}
