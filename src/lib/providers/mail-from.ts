// Sending services that publish MX and SPF on a custom MAIL FROM subdomain (the RFC 5321 §4.1.2
// reverse-path domain) instead of the apex, where an MX to them would take the domain's mail away.
// providers.json keeps this in prose (`mxNotes`, it is a copy of the shared data); this table is the
// structured form the composer reads (keep in sync with those notes: Amazon SES's MAIL FROM domain
// docs, Resend's "send" subdomain).

export interface ProviderMailFrom {
  /** The subdomain the service's console suggests, when it names one. */
  suggestedSubdomain?: string;
}

export const MAIL_FROM_PROVIDERS: Readonly<Record<string, ProviderMailFrom>> = {
  'amazon-ses': {},
  resend: { suggestedSubdomain: 'send' },
};
