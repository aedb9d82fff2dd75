// Which DKIM keys a domain gets: always RSA-2048; with Ed25519 enabled, an Ed25519 key beside it (RFC 8463 §1 advises
// signing with both while receivers catch up). Each rotation picks fresh selectors so old records can stay published.
import { ed25519SelectorFor, generateDkimKey, nextSelector, type DkimAlgorithm, type DkimKeyPair } from './dkim-keys.js';

export interface NewDkimKey extends DkimKeyPair { selector: string }

export async function generateKeySet(existingSelectors: readonly string[], withEd25519: boolean, now: Date): Promise<NewDkimKey[]> {
  const selector = nextSelector(existingSelectors, now);
  const algorithms: DkimAlgorithm[] = withEd25519 ? ['rsa-sha256', 'ed25519-sha256'] : ['rsa-sha256'];
  const pairs = await Promise.all(algorithms.map((algorithm) => generateDkimKey(algorithm)));
  return pairs.map((pair) => ({ ...pair, selector: pair.algorithm === 'rsa-sha256' ? selector : ed25519SelectorFor(selector) }));
}
