// Playwright global setup: starts the test DoH server on 127.0.0.1 (filled in by the DoH layer).
export default async function globalSetup(): Promise<void | (() => Promise<void>)> {}
