// The zones the audit tests, the e2e suite and the benchmark share (zoneResolver / test DoH server).
export { RSA_1024, RSA_2048, RSA_2048_B, RSA_2048_PASTED_WITH_QUOTES } from './keys.ts';
export { TENCENT, GOOGLE, SENDGRID, CLOUDFLARE_EMAIL_ROUTING, REPORT_SERVICE } from './third-parties.ts';
export {
  CHIQIO,
  CHIQIO_SELECTOR,
  CHIQIO_DAMAGED_SELECTOR,
  CHIQIO_BROKEN,
  CHIQIO_FIXED,
  CHIQIO_FIXED_POLICY,
  CHIQIO_WEBMAIL_PROXIED,
} from './chiqio.ts';
export {
  REALISTIC_DOMAIN,
  REALISTIC_SELECTORS,
  REALISTIC_POLICY,
  REALISTIC_ZONE,
  REALISTIC_ROUNDS,
  realisticPolicyFetch,
} from './realistic.ts';
export { MISTAKES_DOMAIN, MISTAKES_ZONE } from './mistakes.ts';
