// How a source is named on the #/reports page: the user's own provider, a catalog provider (and
// whether DKIM d= or the SPF domain showed it), a forwarder, or unknown.
import type { DmarcStage, SourceRecognition } from '../../../lib/index.ts';
import * as m from '../../../paraglide/messages.js';

export function recognitionText(r: SourceRecognition): string {
  const name = r.providerName ?? r.providerId ?? '';
  switch (r.kind) {
    case 'own-provider':
      return m.reports_page_source_own({ name });
    case 'provider':
      return r.via === 'dkim'
        ? m.reports_page_source_provider_dkim({ name, domain: r.domain ?? '' })
        : m.reports_page_source_provider_spf({ name, domain: r.domain ?? '' });
    case 'forwarder':
      return m.reports_page_source_forwarder();
    default:
      return m.reports_page_source_unknown();
  }
}

export function stageText(stage: DmarcStage): string {
  return {
    none: m.reports_page_stage_none(),
    'quarantine-testing': m.reports_page_stage_quarantine_testing(),
    quarantine: m.reports_page_stage_quarantine(),
    'reject-testing': m.reports_page_stage_reject_testing(),
    reject: m.reports_page_stage_reject(),
  }[stage];
}
