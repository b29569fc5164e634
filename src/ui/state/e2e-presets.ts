// Test-only: lets the Playwright e2e build point a named service (the "AliDNS" button of the
// unreachable notice) at the local test DoH server, via `?e2ePreset.<id>=<endpoint URL>`.
// Why a build flag and not a plain URL parameter: a page address that silently redirected
// "AliDNS" elsewhere would let any link send a user's lookups to a server they did not choose.
// `VITE_MAILDNS_E2E_PRESETS=1` is set only by playwright.config.ts (webServer.env), like
// MAILDNS_CSP_CONNECT; in every other build the check is the constant `false` and the
// parameter is never read.
export function e2ePresetEndpoint(presetId: string): string | undefined {
  if (import.meta.env.VITE_MAILDNS_E2E_PRESETS !== '1') return undefined;
  return new URLSearchParams(location.search).get(`e2ePreset.${presetId}`) ?? undefined;
}
