/** Relay-style global IDs: base64 of `Type:key`, opaque to clients. */
export function toGlobalId(typeName: string, key: string | number): string {
  return Buffer.from(`${typeName}:${key}`, 'utf8').toString('base64');
}

export function fromGlobalId(id: string): { typeName: string; key: string } | undefined {
  const decoded = Buffer.from(id, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { typeName: decoded.slice(0, colon), key: decoded.slice(colon + 1) };
}
