// Which endpoints of a ConfiguredResolver can be reached (issue 15), as reactive state for
// ResolverUnreachableNotice: follow the resolver a lookup run uses, and every change the DNS
// layer reports lands in `endpoints`. Used by the domain audit; the message and reports pages
// can keep one of their own the same way.
import type { ConfiguredResolver, EndpointReachability } from '../../lib/index.ts';

export class ReachabilityWatch {
  endpoints = $state.raw<readonly EndpointReachability[]>([]);
  /** Every endpoint (the primary and each fallback) is unreachable. */
  allUnreachable = $derived(
    this.endpoints.length > 0 && this.endpoints.every((e) => e.state === 'unreachable'),
  );
  #stop: (() => void) | null = null;

  /** Start afresh with `resolver`: what it learned before is forgotten, so every endpoint is asked. */
  follow(resolver: ConfiguredResolver): void {
    this.#stop?.();
    resolver.resetReachability();
    this.endpoints = resolver.reachability();
    this.#stop = resolver.onReachability((list) => {
      this.endpoints = list;
    });
  }
}
