// The public API of MailDNS's record library (docs/public-api.md). The UI and outside
// tests import only from here. Curated named exports; nothing else is public.

// ── diagnostics ──────────────────────────────────────────────────────────────
export type { Severity, Span, Diagnostic, ParseResult } from './diagnostics/model.ts';
export { CODES, isCode, messageKey, type Code, type CodeInfo } from './diagnostics/codes.ts';
export { diagnostic, hasErrors } from './diagnostics/diagnostic.ts';
export { specUrl } from './diagnostics/spec-url.ts';

// ── shared ───────────────────────────────────────────────────────────────────
export { splitTxt, joinTxt, quoteTxt, utf8Length } from './shared/txt.ts';
export { findInvisible, stripInvisible, type InvisibleChar } from './shared/invisible.ts';
export { revealSegments, MAX_REVEAL_CHARS, type TextSegment } from './shared/reveal.ts';
export {
  normalizeDomainInput,
  normalizeQueryName,
  relativeName,
  type NameProblem,
  type NormalizedName,
} from './shared/domain-name.ts';

// ── dns ──────────────────────────────────────────────────────────────────────
export type {
  RRType,
  DnsRecord,
  DnsResponse,
  DnsStatus,
  MxData,
  Resolver,
  ResolveInit,
  Zone,
  ZoneEntry,
} from './dns/model.ts';
export { zoneResolver, type ZoneResolver, type ZoneQuery } from './dns/zone-resolver.ts';
export { dohJsonResolver, parseJsonAnswer, type DohJsonOptions, type JsonDialect } from './dns/doh-json.ts';
export { dohWireResolver, parseWireAnswer, type DohWireOptions } from './dns/doh-wire.ts';
export { decodeTxtData } from './dns/txt-decode.ts';
export { reverseName } from './dns/reverse-name.ts';
export {
  isTemporaryFailure,
  txtRecords,
  classifyAnswer,
  cnameChain,
  addresses,
  type AnswerClass,
} from './dns/answer.ts';
export { withTimeout, DEFAULT_TIMEOUT_MS, type TimeoutOptions } from './dns/with-timeout.ts';
export { withRetry, isRetryable, type RetryOptions } from './dns/with-retry.ts';
export { fallbackResolver, type FallbackOptions } from './dns/fallback-resolver.ts';
export { cachingResolver, type CachingOptions, type CachingResolver } from './dns/caching-resolver.ts';
export { limitConcurrency, type LimitedResolver } from './dns/limit-concurrency.ts';
export {
  createResolver,
  endpointResolver,
  type ConfiguredResolver,
  type CreateResolverOptions,
} from './dns/create-resolver.ts';
export { compareResolvers, recordKey, type ResolverComparison, type TtlDifference } from './dns/compare.ts';
export {
  RESOLVER_PRESETS,
  DEFAULT_RESOLVER_PRESET,
  DEFAULT_FALLBACK_PRESET,
  resolverPreset,
  type ResolverPreset,
  type ResolverPresetId,
  type ResolverSettings,
  type ResolverKind,
} from './dns/presets.ts';
export {
  ReachabilityTracker,
  transportFailure,
  unreachableResponse,
  UNREACHABLE_AFTER_FAILURES,
  UNREACHABLE_SILENCE_MS,
  REPROBE_AFTER_MS,
  type EndpointReachability,
  type ReachabilityListener,
  type ReachabilityOptions,
  type ReachabilityState,
  type TransportFailure,
} from './dns/reachability.ts';
export { parseRetryAfter } from './dns/retry-after.ts';
export { MAX_RETRY_AFTER_MS } from './dns/with-retry.ts';
// (dns section: add exports above this line)

// ── spf ──────────────────────────────────────────────────────────────────────
export type {
  CheckHostOptions,
  CheckHostQuery,
  CheckHostResult,
  MacroLetter,
  MacroPart,
  MacroString,
  SpfIncludeImpact,
  SpfInvalidTerm,
  SpfLimit,
  SpfMechanism,
  SpfMechanismKind,
  SpfModifier,
  SpfNodeStatus,
  SpfQualifier,
  SpfRange,
  SpfRangeIssue,
  SpfRecord,
  SpfResult,
  SpfStep,
  SpfTerm,
  SpfTermCost,
  SpfTree,
  SpfTreeNode,
} from './spf/model.ts';
export { parseSpf, isSpfRecordText } from './spf/parse.ts';
export { formatSpf, formatTerm } from './spf/format.ts';
export {
  validateSpf,
  validateSpfSet,
  isSyntaxError,
  type SpfSetResult,
  type ValidateSpfOptions,
} from './spf/validate.ts';
export { expandMacro, formatMacroString, parseMacroString, type MacroValues } from './spf/macro.ts';
export { checkHost, DEFAULT_MAX_QUERIES } from './spf/check-host.ts';
export { analyzeSpf, DEFAULT_TREE_MAX_QUERIES, type AnalyzeSpfOptions } from './spf/tree.ts';
export { MAX_DNS_MECHANISMS, MAX_VOID_LOOKUPS, isLookupTerm } from './spf/limits.ts';
// (spf section: add exports above this line)

// ── dmarc ────────────────────────────────────────────────────────────────────
// DmarcPolicy and DmarcFailureOption (dmarc/model.ts) are exported once, through build/model.ts, in
// the composer section below.
export type {
  DmarcRecord,
  DmarcAlignmentMode,
  DmarcPsd,
  DmarcYesNo,
  DmarcSizeUnit,
  DmarcReportSize,
  DmarcUri,
  DmarcRawTag,
  EffectiveDmarcPolicy,
} from './dmarc/model.ts';
export { parseDmarc } from './dmarc/parse.ts';
export { DMARC_VERSION, DMARC_POLICIES, DMARC_FAILURE_OPTIONS } from './dmarc/vocabulary.ts';
export { formatDmarc } from './dmarc/format.ts';
export { validateDmarc, type ValidateDmarcOptions } from './dmarc/validate.ts';
export { effectiveDmarcPolicy } from './dmarc/effective.ts';
export { reportUriHost, formatDmarcUri } from './dmarc/uri.ts';
export { selectDmarcRecord, isDmarcRecordText, type DmarcRecordSelection } from './dmarc/select.ts';
export {
  discoverDmarcPolicy,
  treeWalkTargets,
  TREE_WALK_MAX_QUERIES,
  type DmarcDiscovery,
  type DmarcDiscoveryQuery,
  type DmarcWalkRecord,
  type DiscoverDmarcOptions,
} from './dmarc/discover.ts';
export {
  checkExternalDestination,
  isExternalDestination,
  type ExternalDestinationCheck,
  type CheckExternalDestinationOptions,
} from './dmarc/external-destination.ts';
// (dmarc section: add exports above this line)

// ── dkim ─────────────────────────────────────────────────────────────────────
export type {
  DkimKeyRecord,
  DkimKeyType,
  DkimRawTag,
  DkimKeyEncoding,
  DkimKeyDamage,
  DkimKeyInspection,
} from './dkim/model.ts';
export { parseDkimKey } from './dkim/parse.ts';
export { formatDkimKey } from './dkim/format.ts';
export { validateDkimKey } from './dkim/validate.ts';
export { inspectDkimKey, MIN_RSA_BITS, RECOMMENDED_RSA_BITS } from './dkim/inspect.ts';
export {
  repairDkimKey,
  type DkimKeyRepair,
  type DkimRepairKind,
  type DkimRepairResult,
} from './dkim/repair.ts';
export { generateDkimKey, type GenerateDkimKeyOptions, type DkimRsaBits } from './dkim/generate.ts';
// (dkim section: add exports above this line)

// ── mx, mta-sts, tls-rpt, bimi ───────────────────────────────────────────────
export type { MxRecord, MxEntry } from './mx/model.ts';
export { parseMx, MAX_MX_PREFERENCE, type ParseMxOptions } from './mx/parse.ts';
export { validateMxSet, mxTargetDiagnostics, type MxTargetLookup } from './mx/validate.ts';
export { formatMx, type FormatMxOptions } from './mx/format.ts';
export type { Extension, MtaStsRecord, MtaStsPolicy, MtaStsMode } from './mtasts/model.ts';
export { parseMtaStsTxt } from './mtasts/parse.ts';
export { parseMtaStsPolicy, MAX_POLICY_MAX_AGE } from './mtasts/parse-policy.ts';
export { formatMtaStsTxt, formatMtaStsPolicy, type FormatPolicyOptions } from './mtasts/format.ts';
export { policyMatchesMx, mxPatternMatches, policyMxDiagnostics } from './mtasts/match.ts';
export type { TlsRptRecord } from './tlsrpt/model.ts';
export { parseTlsRpt } from './tlsrpt/parse.ts';
export { formatTlsRpt } from './tlsrpt/format.ts';
export type { BimiRecord, BimiAvatarPreference } from './bimi/model.ts';
export { parseBimi } from './bimi/parse.ts';
export { formatBimi } from './bimi/format.ts';
// (records section: add exports above this line)

// ── record kind detection (the check page) ───────────────────────────────────
export type { RecordKind, CheckResult, CheckedRecord } from './check/model.ts';
export { detectRecordKind } from './check/detect.ts';
export { checkRecord } from './check/check-record.ts';
// (check section: add exports above this line)

// ── audit ────────────────────────────────────────────────────────────────────
export type {
  AuditArea,
  AuditLookup,
  AuditOptions,
  AuditReport,
  AuditStats,
  AreaStatus,
  AreaVerdict,
  BimiArea,
  DkimArea,
  DkimKeyInfo,
  DkimSelectorResult,
  DmarcArea,
  DmarcDestination,
  DmarcDiscoveryResult,
  Finding,
  FindingArea,
  LookupKey,
  MtaStsArea,
  MtaStsPolicyFetch,
  MxArea,
  HostAliasCheck,
  MxHost,
  MxReverse,
  MxTlsa,
  RequirementId,
  RequirementLine,
  SpfArea,
  TlsRptArea,
  TxtRecord,
  ZoneArea,
} from './audit/model.ts';
export { auditDomain } from './audit/audit.ts';
export { AUDIT_AREAS, findingsOf, areaDetails } from './audit/summary.ts';
export {
  readRequest,
  parseRequest,
  requestPath,
  splitSelectors,
  type AuditRequest,
  type AuditRequestInput,
  type AuditRequestResult,
} from './audit/request.ts';
export { cloudflareProxyRange, EMAIL_ROUTING_SPF_INCLUDE } from './audit/cloudflare.ts';
// (audit section: add exports above this line)

// ── providers and exports (composer) ─────────────────────────────────────────
export type {
  Provider,
  ProviderMx,
  ProviderDkim,
  ProviderCname,
  ProviderHostAlias,
  ProviderDmarcDefault,
  ProviderArea,
  ProviderMatch,
  DkimPublishing,
} from './providers/model.ts';
export { PROVIDERS, providerById } from './providers/catalog.ts';
export { providerSources, type ProviderSource } from './providers/sources.ts';
export { recognizeProviderFromMx } from './providers/recognize.ts';
export { providerDkimSelectors } from './providers/dkim-selectors.ts';
export type { RecordSuggestion, ExportRecord } from './export/model.ts';
export { toCloudflareRows, type CloudflareRow } from './export/cloudflare-rows.ts';
export { toBindZone } from './export/bind-zone.ts';
export {
  toCloudflareApi,
  type CloudflareApiRequest,
  type CloudflareRecordBody,
} from './export/cloudflare-api.ts';
export { toCurl } from './export/curl.ts';
export { toDnscontrol } from './export/dnscontrol.ts';
export { toHostRecords, type HostRecordRow } from './export/host-records.ts';
export { recordsInZone, recordsOutsideZone } from './export/zone-scope.ts';
export type {
  MessageRef,
  FieldDiagnostic,
  BuiltRecord,
  SpfQualifier as SpfAllQualifier,
  SpfBuilderInput,
  SpfLookupCount,
  SpfBuilt,
  SpfMerged,
  DiffLine,
  DmarcPolicy,
  DmarcAlignment,
  DmarcFailureOption,
  DmarcBuilderInput,
  DmarcBuilt,
  ExternalAuthorization,
  DkimBuilderInput,
  DkimBuilt,
  DkimRepair,
  SetupInput,
  SetupPurpose,
  ComposedRecord,
  SetupResult,
} from './compose/model.ts';
export { buildSpf } from './compose/spf-builder.ts';
export { mergeSpf } from './compose/spf-merge.ts';
export {
  importSpfRecord,
  spfIncludeTargets,
  type SpfImport,
  type SpfImportedFields,
} from './compose/spf-import.ts';
export { buildDmarc } from './compose/dmarc-builder.ts';
export { buildDkimRecord } from './compose/dkim-builder.ts';
export { setupRecords } from './compose/setup.ts';
// (composer section: add exports above this line)

// ── reports ──────────────────────────────────────────────────────────────────
export type {
  AggregateReport,
  AggregateRecord,
  TlsReport,
  ReportFile,
  ReportProblem,
  ReadReportsOptions,
  ReadReportsResult,
  ResultCounts,
  SourceKind,
  SourceRecognition,
  RecordRef,
  SourceSummary,
  NetworkSummary,
  OrgSummary,
  DaySummary,
  PolicyImpact,
  ReadinessVerdict,
  DmarcStage,
  ReportNote,
  NextDmarcRecord,
  Readiness,
  ReportSummary,
  SummarizeOptions,
} from './reports/model.ts';
export {
  PARSEDMARC_CSV_FIELDS,
  aggregateCsvRows,
  reportsToCsv,
  reportsToJson,
  reportsToBulkNdjson,
  type ParsedmarcCsvField,
  type ParsedmarcCsvRow,
  type ReportExportOptions,
  type ReportBulkOptions,
} from './reports/export.ts';
export { readReportFiles, reportKey } from './reports/read-files.ts';
export { parseAggregateReport } from './reports/parse-aggregate.ts';
export { parseTlsReport } from './reports/parse-tls.ts';
export { detectContent, type ContentKind } from './reports/detect.ts';
export {
  MAX_REPORT_FILE_BYTES,
  MAX_DECOMPRESSED_BYTES,
  MAX_COMPRESSION_RATIO,
  MAX_NESTING as MAX_REPORT_NESTING,
  MAX_RECORDS_PER_REPORT,
} from './reports/limits.ts';
export { summarizeReports, networkOf, dayOf, READY_SHARE, ALMOST_SHARE } from './reports/summarize.ts';
export { recognizeRecord } from './reports/recognize-source.ts';
export {
  nextDmarcRecord,
  builderQuery as dmarcBuilderQuery,
  stageOf as dmarcStageOf,
} from './reports/next-record.ts';
export {
  reverseNames,
  DEFAULT_REVERSE_CONCURRENCY,
  type ReverseNamesOptions,
} from './reports/reverse-names.ts';
// (reports section: add exports above this line)

// ── message ──────────────────────────────────────────────────────────────────
export {
  readMessage,
  headersNamed,
  headerFieldText,
  decodeEncodedWords,
  MAX_HEADER_FIELDS,
  MAX_MESSAGE_OCTETS,
  MAX_FIELD_VALUE_CHARS,
  type HeaderField,
  type MessageInput,
} from './message/intake.ts';
export {
  verifyDkim,
  MAX_VERIFIED_SIGNATURES,
  type DkimResult,
  type DkimVerification,
  type VerifyOptions as DkimVerifyOptions,
} from './message/dkim-verify.ts';
export { analyzeMessage } from './message/analyze.ts';
export { explainBounce, MAX_BOUNCE_CHARS, MAX_BOUNCE_REPLIES } from './message/bounce.ts';
export { BOUNCE_RULES, type BounceRule, type BounceFix } from './message/bounce-codes.ts';
export type {
  AnalyzeMessageOptions,
  AuthResult,
  AuthenticationResults,
  BounceArea,
  BounceExplanation,
  Envelope,
  Hop,
  IpCandidate,
  IpSource,
  MessageArc,
  MessageArea,
  MessageDmarc,
  MessageFinding,
  MessageReport,
  MessageSpf,
  ReceivedField,
  ReceivedSpf,
  ReceiverResults,
  Verdict,
} from './message/model.ts';
export { verifyArc, type ArcResult, type ArcVerification } from './message/arc.ts';
// (message section: add exports above this line)

// ── plan (records planned, not yet published) ────────────────────────────────
export { planResolver, plannedAnswer, PLANNED_TTL } from './plan/plan-resolver.ts';
export {
  planChanges,
  checkPlan,
  type PlanChange,
  type PlanAction,
  type PlanChangesOptions,
} from './plan/plan-changes.ts';
export { recordKind, type PlanKind } from './plan/record-kind.ts';
export {
  watchPropagation,
  watchTargets,
  watchTargetId,
  recordTargets,
  fixTargets,
  emptyWatchReport,
  judgeAnswer,
  WATCH_MAX_DURATION_MS,
  WATCH_MAX_QUERIES_PER_SECOND,
  WATCH_MIN_INTERVAL_MS,
  WATCH_MAX_INTERVAL_MS,
  type WatchTarget,
  type WatchResolver,
  type WatchState,
  type WatchCell,
  type WatchReport,
  type WatchOptions,
} from './plan/watch.ts';
export { watchQuery, parseWatchQuery, type WatchLink } from './plan/watch-url.ts';
export { planQuery, parsePlanQuery, plannedSelectors, type PlanLink } from './plan/plan-url.ts';
export { checkPlannedRecord, checkPlannedRecords, type PlannedRecordCheck } from './plan/planned-record.ts';
// (plan section: add exports above this line)
