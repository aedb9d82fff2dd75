// The running package version, for `User-Agent: Lettr-Webhooks/<version>`. src/ and dist/ both sit two levels below
// the package root, so the same relative path works from tsx and from the build.
import { readFileSync } from 'node:fs';

export const VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export const USER_AGENT = `Lettr-Webhooks/${VERSION}`;
