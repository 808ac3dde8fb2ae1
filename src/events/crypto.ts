import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Feishu's event encryption: AES-256-CBC with PKCS#7 padding, the key the SHA-256 of the app's
 * Encrypt Key, the IV the first 16 bytes of the base64-decoded body; and the signature of a
 * delivery, hex(SHA-256(timestamp + nonce + Encrypt Key + raw body)).
 */

const keyOf = (encryptKey: string): Buffer => createHash('sha256').update(encryptKey, 'utf8').digest();

/** The plaintext of an `encrypt` field; throws when it is not the key's ciphertext. */
export function decryptEvent(encryptKey: string, encrypted: string): string {
  const bytes = Buffer.from(encrypted, 'base64');
  if (bytes.length < 32 || bytes.length % 16 !== 0) throw new Error('not an AES-256-CBC ciphertext with its IV');
  const decipher = createDecipheriv('aes-256-cbc', keyOf(encryptKey), bytes.subarray(0, 16));
  return Buffer.concat([decipher.update(bytes.subarray(16)), decipher.final()]).toString('utf8');
}

/** What Feishu sends as `encrypt`: a random IV and the ciphertext, base64. */
export function encryptEvent(encryptKey: string, plaintext: string): string {
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', keyOf(encryptKey), iv);
  return Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
}

/** The X-Lark-Signature of a delivery. */
export function eventSignature(timestamp: string, nonce: string, encryptKey: string, rawBody: string): string {
  return createHash('sha256')
    .update(timestamp + nonce + encryptKey + rawBody, 'utf8')
    .digest('hex');
}

/** Compares two secrets in constant time, whatever their lengths. */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}
