// Whether the browser says it is online. Composing works offline; only lookups (fetching the
// current SPF, measuring include costs) need the network, and the pages say so plainly.

export class NetworkState {
  online = $state(typeof navigator === 'undefined' ? true : navigator.onLine);

  constructor() {
    if (typeof window === 'undefined') return;
    addEventListener('online', () => (this.online = true));
    addEventListener('offline', () => (this.online = false));
  }
}

export const network = new NetworkState();
