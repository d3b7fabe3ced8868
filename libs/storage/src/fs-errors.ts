/** The `code` of a Node system error (`ENOENT`, ...), if any. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const { code } = error as { code: unknown };
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/** Whether a file system error means "no object at this key". */
export function isMissing(error: unknown): boolean {
  const code = errorCode(error);
  // ENOTDIR: a parent of the key is a file, so the key cannot exist; EISDIR: the key is a prefix, not an object.
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}
