// Messages between the #/reports page and its worker (reports.worker.ts). The worker reads and
// summarizes; the page only renders. Keep both sides to these shapes.
import type {
  AggregateReport,
  ReportProblem,
  ReportSummary,
  SummarizeOptions,
  TlsReport,
} from '../../lib/index.ts';

/** What one dropped file gave. */
export interface FileOutcome {
  name: string;
  size: number;
  /** read: new reports came out of it; duplicate: only reports read before; problem: nothing. */
  status: 'read' | 'duplicate' | 'problem';
  /** New (not duplicate) aggregate and TLS reports. */
  aggregate: number;
  tls: number;
  problems: ReportProblem[];
}

export type WorkerRequest =
  /** Read these files after the ones read so far; `job` names the run for progress and cancel. */
  | { kind: 'read'; job: number; files: File[] }
  /** Start from reports restored from storage; `sources[i]` is the file `aggregate[i]` came from. */
  | { kind: 'seed'; aggregate: AggregateReport[]; tls: TlsReport[]; sources: string[] }
  | { kind: 'options'; options: SummarizeOptions }
  /** Stops the running read and drops the queued ones up to this job. */
  | { kind: 'cancel'; upTo: number }
  | { kind: 'reset' };

export type WorkerEvent =
  /**
   * Files finished since the last event, in order, with the reports they added (appended to the
   * worker's list in this order, so `RecordRef.report` indexes agree on both sides).
   */
  | {
      kind: 'files';
      job: number;
      outcomes: FileOutcome[];
      aggregate: AggregateReport[];
      tls: TlsReport[];
      done: number;
      total: number;
    }
  /** A summary of everything read so far (sent while reading, throttled, and at the end). */
  | { kind: 'summary'; summary: ReportSummary; reports: number }
  | { kind: 'finished'; job: number; cancelled: boolean }
  | { kind: 'failed'; job: number; message: string };
