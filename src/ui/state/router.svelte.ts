// Hash routes, so the static site works on GitHub Pages under any sub-path:
// #/  #/check  #/d/<domain>  #/settings  #/build/spf  #/build/dmarc  #/build/dkim  #/setup  #/reports  #/message
// #/plan?d=…&r=… (the dry run) and #/watch?r=…&via=…&t=… (the propagation watch); their queries are read by the pages
export type Route =
  | { name: 'home' }
  | { name: 'check' }
  | { name: 'domain'; domain: string }
  | { name: 'settings' }
  | { name: 'build-spf' }
  | { name: 'build-dmarc' }
  | { name: 'build-dkim' }
  | { name: 'setup' }
  | { name: 'reports' }
  | { name: 'message' }
  | { name: 'plan' }
  | { name: 'watch' }
  | { name: 'not-found'; path: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').split('?')[0] || '/';
  if (path === '/' || path === '') return { name: 'home' };
  if (path === '/check') return { name: 'check' };
  if (path === '/settings') return { name: 'settings' };
  if (path === '/setup') return { name: 'setup' };
  if (path === '/reports') return { name: 'reports' };
  if (path === '/message') return { name: 'message' };
  if (path === '/plan') return { name: 'plan' };
  if (path === '/watch') return { name: 'watch' };
  if (path === '/build/spf') return { name: 'build-spf' };
  if (path === '/build/dmarc') return { name: 'build-dmarc' };
  if (path === '/build/dkim') return { name: 'build-dkim' };
  const domain = /^\/d\/(.+)$/.exec(path);
  if (domain) {
    let name = domain[1];
    try {
      name = decodeURIComponent(name);
    } catch {
      // keep it as typed; the report page explains what is wrong with it
    }
    return { name: 'domain', domain: name };
  }
  return { name: 'not-found', path };
}

/** The query part of the hash: `#/build/spf?x=1` → `x=1` (builders keep their state there). */
export function hashQuery(hash: string): URLSearchParams {
  const i = hash.indexOf('?');
  // A fresh, non-reactive copy: callers read it once; the reactive source is `Router.hash`.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  return new URLSearchParams(i === -1 ? '' : hash.slice(i + 1));
}

export class Router {
  hash = $state(location.hash);
  route = $derived(parseRoute(this.hash));

  constructor() {
    addEventListener('hashchange', () => {
      this.hash = location.hash;
    });
  }

  go(path: string): void {
    location.hash = path;
  }
}

export const router = new Router();
