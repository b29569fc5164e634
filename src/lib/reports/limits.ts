// Limits on what report intake reads, against hostile files (zip and gzip bombs, huge uploads).
// Each is a named constant with its reason; exceeding one is a per-file problem, never a throw.

/**
 * A file larger than this is refused before reading. The largest real aggregate reports (big
 * senders at Google or Microsoft) are a few MB compressed; a year of a report mailbox as one
 * `.mbox` stays well below this.
 */
export const MAX_REPORT_FILE_BYTES = 64 * 1024 * 1024;

/**
 * Decompressed bytes one file may expand to, over all its gzip layers and zip entries. A report
 * of ~100,000 rows is ~40 MB of XML; more than this is a bomb or not a report.
 */
export const MAX_DECOMPRESSED_BYTES = 128 * 1024 * 1024;

/**
 * Decompressed/compressed ratio above which a file counts as a bomb. DMARC XML compresses ~10–40×
 * (the samples: 8–20×; very repetitive large reports ~60×); DEFLATE's own maximum is ~1032×,
 * which is what bombs use.
 */
export const MAX_COMPRESSION_RATIO = 200;

/** Below this many decompressed bytes the ratio is not judged (tiny files compress oddly). */
export const RATIO_CHECK_MIN_BYTES = 1024 * 1024;

/**
 * Compressed bytes handed to the inflater at a time. DEFLATE expands a chunk at most ~1032×, so
 * no single step allocates more than ~16 MB before the running count can stop a bomb.
 */
export const INFLATE_CHUNK_BYTES = 16 * 1024;

/** Archive layers unwrapped (a `.xml.gz.gz`, a `.zip` inside a message); deeper is refused. */
export const MAX_NESTING = 3;

/** Entries read from one zip archive (receivers send one; a mailbox export may hold a few). */
export const MAX_ZIP_ENTRIES = 1000;

/** Messages read from one `.mbox` file. */
export const MAX_MBOX_MESSAGES = 100_000;

/** `<record>` elements read from one aggregate report (RFC 9990 puts no bound; this is memory). */
export const MAX_RECORDS_PER_REPORT = 500_000;
