// A throwaway certificate authority and a server certificate it signed, made with the openssl CLI in a temp dir.
// Tests hand `caFile` to the code under test (LETTR_WEBHOOK_CA_FILE) and the key pair to an HTTPS receiver, so TLS is
// verified for real against a CA that exists only for this test run.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TestCertificates {
  dir: string;
  caFile: string;
  caPem: string;
  certPem: string;
  keyPem: string;
  cleanup(): void;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** CA plus a leaf for 127.0.0.1, ::1, localhost and any extra DNS names (for tests that resolve through test DNS). */
export function createTestCertificates(extraNames: string[] = []): TestCertificates {
  const dir = mkdtempSync(path.join(tmpdir(), 'lettr-ca-'));
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  openssl(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Lettr Test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  openssl(['req', ...ec, '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=localhost'], dir);
  const sans = ['IP:127.0.0.1', 'IP:::1', 'DNS:localhost', ...extraNames.map((n) => `DNS:${n}`)];
  writeFileSync(path.join(dir, 'leaf.ext'), `subjectAltName=${sans.join(',')}\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n`);
  openssl(['x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'leaf.pem',
    '-days', '2', '-extfile', 'leaf.ext'], dir);
  const read = (f: string) => readFileSync(path.join(dir, f), 'utf8');
  return {
    dir,
    caFile: path.join(dir, 'ca.pem'),
    caPem: read('ca.pem'),
    certPem: read('leaf.pem'),
    keyPem: read('leaf.key'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
