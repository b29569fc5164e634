// Opt-in storage of the #/reports page's data in IndexedDB (reports hold private addresses and
// IPs: nothing is written unless the user switched "keep" on). One database, one record; "forget
// everything" deletes the database. Every failure (private mode, quota) leaves the page working.
import type { AggregateReport, TlsReport } from '../../lib/index.ts';
import type { FileOutcome } from '../workers/reports-protocol.ts';

const DB_NAME = 'maildns-reports';
const STORE = 'reports';
const KEY = 'current';
/** Bump when the stored shape changes; an older record is ignored, not misread. */
const VERSION = 1;

export interface StoredReports {
  files: FileOutcome[];
  aggregate: AggregateReport[];
  tls: TlsReport[];
  sources: string[];
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function open(): Promise<IDBDatabase> {
  const req = indexedDB.open(DB_NAME, 1);
  req.onupgradeneeded = () => req.result.createObjectStore(STORE);
  return request(req);
}

/** Whether a database exists, asked without opening it (opening would create it). */
export async function hasStoredReports(): Promise<boolean> {
  try {
    if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return false;
    return (await indexedDB.databases()).some((d) => d.name === DB_NAME);
  } catch {
    return false;
  }
}

export async function loadStoredReports(): Promise<StoredReports | null> {
  try {
    const db = await open();
    try {
      const value = await request(db.transaction(STORE, 'readonly').objectStore(STORE).get(KEY));
      if (!value || value.version !== VERSION) return null;
      return value.data as StoredReports;
    } finally {
      db.close();
    }
  } catch {
    return null;
  }
}

export async function saveStoredReports(data: StoredReports): Promise<boolean> {
  try {
    const db = await open();
    try {
      const tx = db.transaction(STORE, 'readwrite');
      tx.objectStore(STORE).put({ version: VERSION, data }, KEY);
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      });
      return true;
    } finally {
      db.close();
    }
  } catch {
    return false;
  }
}

export async function forgetStoredReports(): Promise<void> {
  try {
    await request(indexedDB.deleteDatabase(DB_NAME));
  } catch {
    // nothing stored, or storage unavailable: nothing to forget
  }
}
