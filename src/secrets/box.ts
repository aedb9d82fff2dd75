// Seal and open secrets at rest with AES-256-GCM. Every sealed value names the key that sealed it, so values survive a
// master-key rotation, and binds its purpose as associated data, so a value sealed for one column cannot be replayed
// into another (a webhook secret pasted over a DKIM key fails to open).
import crypto from 'node:crypto';

const VERSION = 'lsv1';
const IV_BYTES = 12; // 96-bit nonce, the GCM standard size (NIST SP 800-38D §8.2)

export interface Keyring {
  /** Key id → 32-byte key. */
  keys: Map<string, Buffer>;
  currentId: string;
}

export function keyId(key: Buffer): string {
  return crypto.createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/** Accepts 32 bytes as base64, base64url or hex. */
export function parseMasterKey(text: string): Buffer | null {
  const t = text.trim();
  const buf = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  return buf.length === 32 ? buf : null;
}

export function makeKeyring(keys: Buffer[]): Keyring {
  if (keys.length === 0) throw new Error('a keyring needs at least one key');
  const map = new Map(keys.map((k) => [keyId(k), k] as const));
  return { keys: map, currentId: keyId(keys[0]!) };
}

export class SecretBox {
  constructor(private keyring: Keyring, private readonly reload?: () => Keyring) {}

  get currentKeyId(): string {
    return this.keyring.currentId;
  }

  seal(plaintext: string, purpose: string): string {
    const key = this.keyring.keys.get(this.keyring.currentId)!;
    const iv = crypto.randomBytes(IV_BYTES);
    const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(`lettr:${purpose}`));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return [VERSION, this.keyring.currentId, iv.toString('base64url'), body.toString('base64url')].join('.');
  }

  open(sealed: string, purpose: string): string {
    const parts = sealed.split('.');
    if (parts.length !== 4 || parts[0] !== VERSION) throw new Error('not a sealed value');
    const [, kid, ivText, bodyText] = parts as [string, string, string, string];
    let key = this.keyring.keys.get(kid);
    if (!key && this.reload) {
      // Another process may have rotated the key file since we started.
      this.keyring = this.reload();
      key = this.keyring.keys.get(kid);
    }
    if (!key) throw new Error(`sealed with unknown master key ${kid}`);
    const body = Buffer.from(bodyText, 'base64url');
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(ivText, 'base64url'));
    decipher.setAAD(Buffer.from(`lettr:${purpose}`));
    decipher.setAuthTag(body.subarray(body.length - 16));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8');
  }

  /**
   * A MAC over `data` under a key derived from the current master key for `purpose` (HKDF), naming the master key so
   * tags made before a rotation still verify while that key is in the ring. For signed links (unsubscribe).
   */
  mac(data: string, purpose: string): string {
    const kid = this.keyring.currentId;
    return `${kid}.${this.tag(this.keyring.keys.get(kid)!, data, purpose).toString('base64url')}`;
  }

  /** Constant-time check of a `mac()` value. */
  macMatches(data: string, purpose: string, mac: string): boolean {
    const dot = mac.indexOf('.');
    if (dot < 0) return false;
    const key = this.keyring.keys.get(mac.slice(0, dot));
    if (!key) return false;
    const given = Buffer.from(mac.slice(dot + 1), 'base64url');
    const expected = this.tag(key, data, purpose);
    return given.length === expected.length && crypto.timingSafeEqual(given, expected);
  }

  private tag(key: Buffer, data: string, purpose: string): Buffer {
    const derived = Buffer.from(crypto.hkdfSync('sha256', key, Buffer.alloc(0), `lettr-mac:${purpose}`, 32));
    return crypto.createHmac('sha256', derived).update(data).digest();
  }

  /**
   * A credential for `purpose` that every process holding the master key can compute and nobody else can (between
   * our own processes, e.g. delivery → built-in mailbox): a `mac()` of a fixed string.
   */
  derive(purpose: string): string {
    return this.mac('credential', purpose);
  }

  /** Whether `candidate` is `derive(purpose)` under a key of the ring; a key id we do not know yet reloads the file once. */
  acceptsDerived(purpose: string, candidate: string): boolean {
    if (this.macMatches('credential', purpose, candidate)) return true;
    const kid = candidate.slice(0, Math.max(0, candidate.indexOf('.')));
    if (!this.reload || kid === '' || this.keyring.keys.has(kid)) return false;
    this.keyring = this.reload(); // a peer rotated the key file since we started
    return this.macMatches('credential', purpose, candidate);
  }

  /** The key id inside a sealed value, without opening it. */
  static sealedKeyId(sealed: string): string | null {
    const parts = sealed.split('.');
    return parts.length === 4 && parts[0] === VERSION ? parts[1]! : null;
  }
}
